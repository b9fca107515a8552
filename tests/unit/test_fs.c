// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of the simulation's system memory as the fs uses it
 * (folio_alloc() order 0) and of the simulated filesystem and page
 * cache, which drives cleancache from the kernel's hook points.
 *
 * Most tests run on a 1024-page machine whose top pages are a boot-time
 * carve-out donated to one cleancache pool, with one filesystem mounted
 * whose page cache holds at most CACHE_PAGES folios:
 *
 *   pfn 0                                      992          1024
 *       |<------ system memory (folio_alloc) ---->|<- donated ->|
 *        page-cache folios come from here            pool "fs-test"
 *
 * A page reaches cleancache the kernel's way: read it (miss: disk), read
 * it again (hit: activated, hence workingset), evict it (stored because
 * it is uptodate, mapped to disk and workingset).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "kernel/slab.h"

#define NR_PAGES	1024UL
#define NR_DONATED	32UL
#define CACHE_PAGES	16UL
#define FILE_PAGES	64L

/**
 * struct fs_test - one test's world.
 * @tm: the machine, attached to the test thread.
 * @m: @tm.m.
 * @data: the machine has page data.
 * @donor_pfn: first pfn of the donated carve-out.
 * @pool: the cleancache pool the carve-out went to.
 * @sb: the mounted filesystem, or NULL once a test unmounted it.
 */
struct fs_test {
	struct test_machine tm;
	struct sim_machine *m;
	bool data;
	unsigned long donor_pfn;
	int pool;
	struct super_block *sb;
};

static struct fs_test *T(void **state)
{
	return *state;
}

/**
 * struct fs_lockout - what the next page allocation does first.
 * @inode: the file; NULL: nothing (the hook disarms itself when it runs).
 * @op: 'r' reads, 'w' writes page @index, 't' truncates the file to
 *	@index pages.
 * @index: the page.
 * @ret: what the call returned.
 *
 * The page cache drops its inode lock to allocate a folio; this stands
 * for another thread that uses the inode meanwhile.
 */
static struct fs_lockout {
	struct inode *inode;
	char op;
	pgoff_t index;
	int ret;
} fs_lockout;

static bool fs_alloc_hook(void *ctx, enum sim_fault_class cls, size_t size,
			  gfp_t gfp)
{
	struct fs_lockout *lo = ctx;
	struct inode *inode = lo->inode;

	(void)size;
	(void)gfp;
	if (cls != SIM_FAULT_PAGE_ALLOC || !inode)
		return false;
	lo->inode = NULL;
	if (lo->op == 'r')
		lo->ret = sim_page_cache_read(inode, lo->index, NULL);
	else if (lo->op == 'w')
		lo->ret = sim_page_cache_write(inode, lo->index);
	else
		lo->ret = sim_page_cache_truncate(inode, lo->index * PAGE_SIZE);
	return false;
}

static const struct sim_env_ops fs_ops = {
	.alloc_should_fail = fs_alloc_hook,
	.ctx = &fs_lockout,
};

static int fs_setup_mode(void **state, enum sim_data_mode mode)
{
	struct fs_test *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	fs_lockout.inode = NULL;
	t->m = test_machine_up_ops(&t->tm, NR_PAGES, 0, mode, &fs_ops);
	t->data = mode == SIM_DATA_PAGES;
	assert_errno(sim_memblock_alloc(t->m, NR_DONATED, 1, "fs-test-donor",
					&t->donor_pfn), 0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	t->pool = cleancache_backend_register_pool("fs-test");
	assert_true(t->pool >= 0);
	for (unsigned long i = 0; i < NR_DONATED; i++) {
		struct folio *folio = pfn_folio(t->donor_pfn + i);

		folio_clear_reserved(folio);
		assert_true(folio_ref_freeze(folio, 1));
		assert_errno(cleancache_backend_put_folio(t->pool, folio), 0);
	}
	assert_errno(sim_fs_mount("simfs", CACHE_PAGES, &t->sb), 0);
	*state = t;
	return 0;
}

static int fs_setup(void **state)
{
	return fs_setup_mode(state, SIM_DATA_PAGES);
}

static int fs_setup_meta(void **state)
{
	return fs_setup_mode(state, SIM_DATA_NONE);
}

/* Undo everything without asserting, so the thread is always detached. */
static int fs_teardown(void **state)
{
	struct fs_test *t = *state;
	struct test_machine tm;
	int errors = 0;

	if (t->sb && sim_fs_unmount(t->sb)) {
		print_error("teardown: unmount failed\n");
		errors++;
	}
	if (cleancache_check()) {
		print_error("teardown: the cleancache checker fails\n");
		errors++;
	}
	/* Every donated folio comes back. */
	for (unsigned long i = 0; i < NR_DONATED; i++) {
		struct folio *folio = pfn_folio(t->donor_pfn + i);

		if (cleancache_backend_get_folio(t->pool, folio) ||
		    folio_ref_count(folio)) {
			print_error("teardown: get_folio of pfn %lu failed\n",
				    t->donor_pfn + i);
			errors++;
			continue;
		}
		folio_set_count(folio, 1);
		folio_set_reserved(folio);
	}
	tm = t->tm;
	free(t);
	test_machine_down(&tm);
	if (errors)
		fail_msg("%d teardown errors", errors);
	return 0;
}

/* ---- helpers -------------------------------------------------------- */

static struct sim_fs_stats fs_stats(struct super_block *sb)
{
	struct sim_fs_stats s;

	memset(&s, 0xa5, sizeof(s));
	assert_errno(sim_fs_get_stats(sb, &s), 0);
	return s;
}

static struct cleancache_stats cc_stats(void)
{
	struct cleancache_stats s;

	assert_errno(cleancache_stats_get(&s), 0);
	return s;
}

static struct inode *new_inode(struct super_block *sb, unsigned long ino,
			       long pages)
{
	struct inode *inode = NULL;

	assert_errno(sim_inode_create(sb, ino, pages * (int64_t)PAGE_SIZE,
				      &inode), 0);
	assert_non_null(inode);
	return inode;
}

/* Does @folio hold what a correct read of (@inode, @index) returns? */
static bool holds_expected(struct fs_test *t, struct inode *inode,
			   pgoff_t index, struct folio *folio)
{
	static unsigned char want[PAGE_SIZE];

	if (!t->data)
		return true;
	assert_errno(sim_page_expected(inode, index, want), 0);
	return !memcmp(folio_address(folio), want, PAGE_SIZE);
}

/* Read (@inode, @index), check its contents, drop the reference. */
static void read_check(struct fs_test *t, struct inode *inode, pgoff_t index)
{
	struct folio *folio = NULL;

	assert_errno(sim_page_cache_read(inode, index, &folio), 0);
	assert_non_null(folio);
	assert_true(folio_test_uptodate(folio));
	assert_false(folio_test_locked(folio));
	if (!holds_expected(t, inode, index, folio))
		fail_msg("ino %lu index %lu: wrong contents", inode->i_ino,
			 (unsigned long)index);
	folio_put(folio);
}

/* Put (@inode, @index) into cleancache: read, read (activates), evict. */
static void push_to_cleancache(struct fs_test *t, struct inode *inode,
			       pgoff_t index)
{
	struct cleancache_stats before = cc_stats(), after;

	read_check(t, inode, index);
	read_check(t, inode, index);
	assert_true(folio_test_workingset(sim_page_cache_lookup(inode, index)));
	assert_errno(sim_page_cache_evict(inode, index), 0);
	assert_null(sim_page_cache_lookup(inode, index));
	after = cc_stats();
	assert_int_equal(after.cached, before.cached + 1);
	assert_errno(cleancache_check(), 0);
}

/* ---- folio_alloc() as the filesystem uses it ------------------------- */

static void test_pool_boot_and_lifo(void **state)
{
	struct fs_test *t = T(state);
	unsigned long nfree = sim_nr_free_pages(t->m);
	struct folio *a, *b;

	/* Everything but the donated carve-out is nfree system memory. */
	assert_int_equal(nfree, NR_PAGES - NR_DONATED);
	assert_int_equal(sim_nr_free_pages(NULL), 0);

	/* The lowest pfn comes out first; each page is clean, ref 1. */
	a = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(a);
	assert_int_equal(folio_pfn(a), 0);
	assert_int_equal(folio_ref_count(a), 1);
	assert_int_equal(a->flags & PAGEFLAGS_MASK, 0);
	assert_null(a->mapping);
	b = folio_alloc(GFP_KERNEL, 0);
	assert_int_equal(folio_pfn(b), 1);
	assert_int_equal(sim_nr_free_pages(t->m), nfree - 2);

	/* LIFO: the page freed last is handed out next. */
	folio_put(a);
	assert_int_equal(sim_nr_free_pages(t->m), nfree - 1);
	assert_ptr_equal(folio_alloc(GFP_KERNEL, 0), a);
	folio_put(b);
	folio_put(a);
	assert_int_equal(sim_nr_free_pages(t->m), nfree);
}

static void test_pool_refusals(void **state)
{
	struct fs_test *t = T(state);
	unsigned long nfree = sim_nr_free_pages(t->m);

	/* Above MAX_PAGE_ORDER: a WARN and no page. */
	assert_null(folio_alloc(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	test_expect_violations(t->m, 1);
	/* Movable and reclaimable at once. */
	assert_null(folio_alloc(__GFP_MOVABLE | __GFP_RECLAIMABLE, 0));
	test_expect_violations(t->m, 1);
	/* Unknown gfp bits. */
	assert_null(folio_alloc(0x80000000u, 0));
	test_expect_violations(t->m, 1);
	assert_int_equal(sim_nr_free_pages(t->m), nfree);
}

static void test_pool_before_boot(void **state)
{
	struct test_machine tm;
	struct sim_machine *m = test_machine_up(&tm, 64, 0, SIM_DATA_NONE);

	(void)state;
	assert_int_equal(sim_nr_free_pages(m), 0);
	assert_null(folio_alloc(GFP_KERNEL, 0));
	test_expect_violations(m, 1);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_int_equal(sim_nr_free_pages(m), 64);
	test_machine_down(&tm);
}

static void test_pool_exhaustion(void **state)
{
	struct fs_test *t = T(state);
	unsigned long nfree = sim_nr_free_pages(t->m);
	struct folio **pages = calloc(nfree, sizeof(*pages));

	assert_non_null(pages);
	for (unsigned long i = 0; i < nfree; i++) {
		pages[i] = folio_alloc(GFP_KERNEL, 0);
		assert_non_null(pages[i]);
		/* Never a page of the donated carve-out. */
		assert_true(folio_pfn(pages[i]) < t->donor_pfn);
	}
	assert_int_equal(sim_nr_free_pages(t->m), 0);
	/* Empty: NULL, and no violation (a failure, not a bug). */
	assert_null(folio_alloc(GFP_KERNEL, 0));
	assert_int_equal(sim_violation_count(t->m), 0);
	for (unsigned long i = 0; i < nfree; i++)
		folio_put(pages[i]);
	assert_int_equal(sim_nr_free_pages(t->m), nfree);
	free(pages);
}

static void test_pool_zero_and_poison(void **state)
{
	struct fs_test *t = T(state);
	struct folio *folio = folio_alloc(GFP_KERNEL | __GFP_ZERO, 0);
	unsigned char *p;

	assert_non_null(folio);
	p = folio_address(folio);
	assert_non_null(p);
	assert_false(sim_page_poisoned(t->m, folio_pfn(folio)));
	for (size_t i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(p[i], 0);
	memset(p, 0x5a, PAGE_SIZE);
	folio_put(folio);
	assert_true(sim_page_poisoned(t->m, folio_pfn(folio)));
	/* Reallocated zeroed: the old bytes are gone. */
	assert_ptr_equal(folio_alloc(GFP_KERNEL | __GFP_ZERO, 0), folio);
	assert_int_equal(p[0], 0);
	assert_int_equal(p[PAGE_SIZE - 1], 0);
	folio_put(folio);
}

static void test_pool_fault_injection(void **state)
{
	struct fs_test *t = T(state);
	unsigned long nfree = sim_nr_free_pages(t->m);
	struct sim_fault_stats before, after;
	struct folio *folio;

	assert_string_equal(sim_fault_class_name(SIM_FAULT_PAGE_ALLOC),
			    "page_alloc");
	assert_errno(sim_fault_get_stats(t->m, &before), 0);
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_PAGE_ALLOC),
					2), 0);
	folio = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(folio);
	assert_null(folio_alloc(GFP_KERNEL, 0));
	assert_false(sim_fault_armed(t->m));
	assert_int_equal(sim_nr_free_pages(t->m), nfree - 1);
	assert_errno(sim_fault_get_stats(t->m, &after), 0);
	assert_int_equal(after.calls[SIM_FAULT_PAGE_ALLOC] -
			 before.calls[SIM_FAULT_PAGE_ALLOC], 2);
	assert_int_equal(after.injected[SIM_FAULT_PAGE_ALLOC] -
			 before.injected[SIM_FAULT_PAGE_ALLOC], 1);
	folio_put(folio);
}

static void test_pool_misuse(void **state)
{
	struct fs_test *t = T(state);
	unsigned long nfree = sim_nr_free_pages(t->m);
	struct folio *a = folio_alloc(GFP_KERNEL, 0);
	struct folio *b;

	folio_put(a);
	/*
	 * Somebody takes a nfree page without folio_alloc() and frees it:
	 * the page is already on the nfree list, so it is reported and not
	 * linked twice.
	 */
	folio_set_count(a, 1);
	folio_put(a);
	test_expect_violations(t->m, 1);
	assert_int_equal(sim_nr_free_pages(t->m), nfree);

	/*
	 * A nfree page in use when folio_alloc() reaches it is a bad page:
	 * reported, left to its user, and the next page is handed out.
	 */
	folio_set_count(a, 1);
	b = folio_alloc(GFP_KERNEL, 0);
	test_expect_violations(t->m, 1);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_int_equal(sim_nr_free_pages(t->m), nfree - 2);
	/* Its user frees it: it joins the pool properly this time. */
	folio_put(a);
	folio_put(b);
	assert_int_equal(sim_nr_free_pages(t->m), nfree);
	assert_int_equal(sim_violation_count(t->m), 0);
}

/* ---- mounts and inodes ---------------------------------------------- */

static void test_mount_args(void **state)
{
	struct fs_test *t = T(state);
	struct super_block *sb2 = NULL, *sb3 = NULL, *bad = NULL;
	char longname[40];

	assert_true(t->sb->cleancache_id >= 0);
	assert_string_equal(t->sb->s_id, "simfs");
	assert_errno(sim_fs_mount(NULL, 4, &sb2), -EINVAL);
	assert_errno(sim_fs_mount("x", 0, &sb2), -EINVAL);
	assert_errno(sim_fs_mount("x", 4, NULL), -EINVAL);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_errno(sim_fs_mount(longname, 4, &bad), -ENAMETOOLONG);
	assert_null(bad);

	/* Device numbers are unique and never reused. */
	assert_errno(sim_fs_mount("two", 4, &sb2), 0);
	assert_true(sb2->s_dev > t->sb->s_dev);
	assert_true(sb2->cleancache_id >= 0);
	assert_true(sb2->cleancache_id != t->sb->cleancache_id);
	assert_errno(sim_fs_unmount(sb2), 0);
	assert_errno(sim_fs_mount("three", 4, &sb3), 0);
	assert_true(sb3->s_dev > t->sb->s_dev + 1);
	assert_errno(sim_fs_unmount(sb3), 0);
	assert_errno(sim_fs_unmount(NULL), -EINVAL);

	/* Unattached: -ENXIO, for sim_ calls no violation. */
	assert_errno(sim_thread_detach(), 0);
	assert_errno(sim_fs_mount("x", 4, &sb2), -ENXIO);
	assert_errno(sim_fs_unmount(t->sb), -ENXIO);
	assert_errno(sim_thread_attach(t->m), 0);
	assert_int_equal(sim_violation_count(t->m), 0);
}

static void test_mount_other_machine(void **state)
{
	struct fs_test *t = T(state);
	struct sim_machine_config cfg = { .name = "other", .nr_pages = 64 };
	struct sim_machine *other;
	struct inode *inode = new_inode(t->sb, 1, 4);

	/* A thread attached to another machine may not use this fs. */
	assert_errno(sim_machine_create(&cfg, &other), 0);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(sim_thread_attach(other), 0);
	assert_errno(sim_page_cache_read(inode, 0, NULL), -ENXIO);
	assert_errno(sim_inode_create(t->sb, 2, 0, &inode), -ENXIO);
	assert_errno(sim_fs_unmount(t->sb), -ENXIO);
	assert_null(sim_page_cache_lookup(inode, 0));
	assert_errno(sim_thread_detach(), 0);
	assert_errno(sim_machine_destroy(other), 0);
	assert_errno(sim_thread_attach(t->m), 0);
	assert_errno(sim_inode_evict(inode), 0);
}

static void test_mount_without_cleancache(void **state)
{
	struct fs_test *t = T(state);
	struct sim_fs_stats s;
	struct super_block *sb = NULL;
	struct inode *inode;

	/*
	 * cleancache_add_fs() fails: alloc_super() ignores that, the id
	 * stays invalid, and every hook is a no-op. Readahead must cope
	 * with the walk's ERR_PTR.
	 */
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_CC_FS), 1),
		     0);
	assert_errno(sim_fs_mount("nocc", 8, &sb), 0);
	sim_fault_clear(t->m);
	assert_int_equal(sb->cleancache_id, CLEANCACHE_ID_INVALID);
	inode = new_inode(sb, 1, 8);
	read_check(t, inode, 0);
	read_check(t, inode, 0);
	assert_errno(sim_page_cache_evict(inode, 0), 0);
	assert_int_equal(cc_stats().cached, 0);
	assert_errno(sim_page_cache_readahead(inode, 0, 4), 0);
	s = fs_stats(sb);
	assert_int_equal(s.readahead_restored, 0);
	assert_int_equal(s.disk_reads, 5);
	read_check(t, inode, 0);
	assert_errno(sim_page_cache_truncate(inode, 0), 0);
	assert_errno(sim_inode_evict(inode), 0);
	assert_errno(sim_fs_unmount(sb), 0);
	assert_int_equal(sim_violation_count(t->m), 0);
}

static void test_inode_create_evict(void **state)
{
	struct fs_test *t = T(state);
	struct inode *a, *b = NULL;

	a = new_inode(t->sb, 7, 4);
	assert_int_equal(a->i_ino, 7);
	assert_int_equal(a->i_generation, 0);
	assert_int_equal(a->i_size, 4 * PAGE_SIZE);
	assert_ptr_equal(a->i_sb, t->sb);
	assert_ptr_equal(a->i_mapping, &a->i_data);
	assert_ptr_equal(a->i_data.host, a);
	assert_int_equal(a->i_data.nrpages, 0);

	assert_errno(sim_inode_create(t->sb, 7, 0, &b), -EEXIST);
	assert_null(b);
	assert_errno(sim_inode_create(t->sb, 8, -1, &b), -EINVAL);
	assert_errno(sim_inode_create(NULL, 8, 0, &b), -EINVAL);
	assert_errno(sim_inode_create(t->sb, 8, 0, NULL), -EINVAL);
	assert_errno(sim_inode_evict(NULL), -EINVAL);

	/* Each reuse of the number gets the next generation. */
	assert_errno(sim_inode_evict(a), 0);
	a = new_inode(t->sb, 7, 4);
	assert_int_equal(a->i_generation, 1);
	assert_errno(sim_inode_evict(a), 0);
	a = new_inode(t->sb, 7, 4);
	assert_int_equal(a->i_generation, 2);
	/* Another number starts at 0; the largest number works too. */
	b = new_inode(t->sb, ULONG_MAX, 1);
	assert_int_equal(b->i_generation, 0);
	assert_errno(sim_inode_evict(b), 0);
	/* Unmount evicts what is left (teardown unmounts with a live inode). */
}

static void test_inode_create_fault(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = NULL;
	unsigned long n;
	int ret;

	/* Make the inode map need nodes: a high number among low ones. */
	new_inode(t->sb, 1, 1);
	for (n = 1;; n++) {
		long live = kmalloc_nr_allocated();

		assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, n), 0);
		ret = sim_inode_create(t->sb, 1UL << 40, 1, &inode);
		if (sim_fault_armed(t->m))
			break;
		assert_errno(ret, -ENOMEM);
		assert_null(inode);
		test_rcu_drain();
		assert_int_equal(kmalloc_nr_allocated(), live);
	}
	sim_fault_clear(t->m);
	assert_errno(ret, 0);
	assert_true(n > 2);
	assert_int_equal(inode->i_generation, 0);
	assert_errno(sim_inode_create(t->sb, 1UL << 40, 1, &inode), -EEXIST);
}

/* ---- reads, writes and the disk pattern ----------------------------- */

static void test_read_miss_then_hit(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	unsigned long nfree = sim_nr_free_pages(t->m);
	struct folio *folio = NULL, *again = NULL;
	struct sim_fs_stats s;

	assert_errno(sim_page_cache_read(inode, 3, &folio), 0);
	assert_non_null(folio);
	/* The cache's reference and ours. */
	assert_int_equal(folio_ref_count(folio), 2);
	assert_ptr_equal(folio->mapping, &inode->i_data);
	assert_int_equal(folio->index, 3);
	assert_true(folio_test_uptodate(folio));
	assert_true(folio_test_mappedtodisk(folio));
	assert_true(folio_test_lru(folio));
	assert_true(folio_test_referenced(folio));
	assert_false(folio_test_active(folio));
	assert_false(folio_test_workingset(folio));
	assert_false(folio_test_locked(folio));
	assert_false(folio_test_dirty(folio));
	assert_true(holds_expected(t, inode, 3, folio));
	assert_ptr_equal(sim_page_cache_lookup(inode, 3), folio);
	assert_null(sim_page_cache_lookup(inode, 4));
	assert_int_equal(inode->i_data.nrpages, 1);
	assert_int_equal(sim_nr_free_pages(t->m), nfree - 1);
	s = fs_stats(t->sb);
	assert_int_equal(s.reads, 1);
	assert_int_equal(s.disk_reads, 1);
	assert_int_equal(s.cache_hits, 0);
	assert_int_equal(s.cleancache_hits, 0);

	/* The second access is a hit and activates the folio. */
	assert_errno(sim_page_cache_read(inode, 3, &again), 0);
	assert_ptr_equal(again, folio);
	assert_int_equal(folio_ref_count(folio), 3);
	assert_true(folio_test_active(folio));
	assert_true(folio_test_workingset(folio));
	s = fs_stats(t->sb);
	assert_int_equal(s.reads, 2);
	assert_int_equal(s.cache_hits, 1);
	assert_int_equal(s.disk_reads, 1);
	folio_put(again);
	folio_put(folio);

	/* Without an out pointer no reference is taken. */
	assert_errno(sim_page_cache_read(inode, 3, NULL), 0);
	assert_int_equal(folio_ref_count(folio), 1);

	/* Past the end of the file; bad arguments. */
	assert_errno(sim_page_cache_read(inode, FILE_PAGES, &folio), -EINVAL);
	assert_errno(sim_page_cache_read(inode, ULONG_MAX, &folio), -EINVAL);
	assert_errno(sim_page_cache_read(NULL, 0, &folio), -EINVAL);
	assert_int_equal(fs_stats(t->sb).reads, 3);
}

static void test_disk_pattern(void **state)
{
	struct fs_test *t = T(state);
	static unsigned char a[PAGE_SIZE], b[PAGE_SIZE];
	struct super_block *sb2 = NULL;
	struct inode *i1 = new_inode(t->sb, 1, FILE_PAGES);
	struct inode *i2 = new_inode(t->sb, 2, FILE_PAGES);
	struct inode *j1;

	assert_errno(sim_fs_mount("other", 4, &sb2), 0);
	j1 = new_inode(sb2, 1, FILE_PAGES);

	/* Deterministic... */
	assert_errno(sim_page_expected(i1, 5, a), 0);
	assert_errno(sim_page_expected(i1, 5, b), 0);
	assert_memory_equal(a, b, PAGE_SIZE);
	/* ...and different for another index, inode or filesystem. */
	assert_errno(sim_page_expected(i1, 6, b), 0);
	assert_memory_not_equal(a, b, PAGE_SIZE);
	assert_errno(sim_page_expected(i2, 5, b), 0);
	assert_memory_not_equal(a, b, PAGE_SIZE);
	assert_errno(sim_page_expected(j1, 5, b), 0);
	assert_memory_not_equal(a, b, PAGE_SIZE);
	assert_errno(sim_page_expected(NULL, 5, b), -EINVAL);
	assert_errno(sim_page_expected(i1, 5, NULL), -EINVAL);

	/* Reads return exactly that. */
	for (pgoff_t i = 0; i < 8; i++) {
		read_check(t, i1, i);
		read_check(t, i2, i);
	}
	assert_errno(sim_fs_unmount(sb2), 0);
}

static void test_write_version(void **state)
{
	struct fs_test *t = T(state);
	static unsigned char before[PAGE_SIZE], after[PAGE_SIZE];
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	struct folio *folio;
	struct sim_fs_stats s;

	assert_errno(sim_page_expected(inode, 2, before), 0);
	/* A write of an uncached page reads it first, then dirties it. */
	assert_errno(sim_page_cache_write(inode, 2), 0);
	folio = sim_page_cache_lookup(inode, 2);
	assert_non_null(folio);
	assert_true(folio_test_dirty(folio));
	assert_false(folio_test_locked(folio));
	assert_errno(sim_page_expected(inode, 2, after), 0);
	assert_memory_not_equal(before, after, PAGE_SIZE);
	assert_true(holds_expected(t, inode, 2, folio));
	s = fs_stats(t->sb);
	assert_int_equal(s.writes, 1);
	assert_int_equal(s.disk_reads, 1);

	/* Writeback cleans it; a clean page is left alone. */
	assert_errno(sim_page_cache_writeback(inode, 2), 0);
	assert_false(folio_test_dirty(folio));
	assert_errno(sim_page_cache_writeback(inode, 2), 0);
	assert_int_equal(fs_stats(t->sb).writebacks, 1);
	assert_errno(sim_page_cache_writeback(inode, 3), -ENOENT);
	assert_errno(sim_page_cache_writeback(NULL, 3), -EINVAL);

	/* Another write: another version; eviction writes it back first. */
	assert_errno(sim_page_cache_write(inode, 2), 0);
	memcpy(before, after, PAGE_SIZE);
	assert_errno(sim_page_expected(inode, 2, after), 0);
	assert_memory_not_equal(before, after, PAGE_SIZE);
	assert_errno(sim_page_cache_evict(inode, 2), 0);
	s = fs_stats(t->sb);
	assert_int_equal(s.writebacks, 2);
	assert_int_equal(s.evictions, 1);
	/* The disk now has the new version. */
	read_check(t, inode, 2);

	assert_errno(sim_page_cache_write(inode, FILE_PAGES), -EINVAL);
	assert_errno(sim_page_cache_write(NULL, 0), -EINVAL);
	assert_int_equal(fs_stats(t->sb).writes, 2);
}

static void test_write_fault(void **state)
{
	struct fs_test *t = T(state);
	static unsigned char before[PAGE_SIZE], now[PAGE_SIZE];
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	struct sim_fs_stats s0, s;
	unsigned long nfree;
	unsigned long n;
	int ret;

	/* Page 0 cached, so the writes below need xarray nodes. */
	read_check(t, inode, 0);
	assert_errno(sim_page_cache_write(inode, 0), 0);
	nfree = sim_nr_free_pages(t->m);
	s0 = fs_stats(t->sb);
	assert_errno(sim_page_expected(inode, 40, before), 0);
	for (n = 1;; n++) {
		assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, n), 0);
		ret = sim_page_cache_write(inode, 40);
		if (sim_fault_armed(t->m))
			break;
		/* Nothing changed: not cached, same version, same stats. */
		assert_errno(ret, -ENOMEM);
		assert_null(sim_page_cache_lookup(inode, 40));
		assert_int_equal(inode->i_data.nrpages, 1);
		assert_int_equal(sim_nr_free_pages(t->m), nfree);
		assert_errno(sim_page_expected(inode, 40, now), 0);
		assert_memory_equal(before, now, PAGE_SIZE);
		s = fs_stats(t->sb);
		assert_memory_equal(&s, &s0, sizeof(s));
	}
	sim_fault_clear(t->m);
	assert_errno(ret, 0);
	/* The versions slot, the folio, the page-cache node: 3 failures. */
	assert_true(n >= 4);
	assert_true(folio_test_dirty(sim_page_cache_lookup(inode, 40)));
	read_check(t, inode, 40);
}

static void test_read_fault(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	struct sim_fs_stats s0, s;
	unsigned long nfree, n;
	int ret;

	read_check(t, inode, 0);
	nfree = sim_nr_free_pages(t->m);
	s0 = fs_stats(t->sb);
	for (n = 1;; n++) {
		assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, n), 0);
		ret = sim_page_cache_read(inode, 50, NULL);
		if (sim_fault_armed(t->m))
			break;
		assert_errno(ret, -ENOMEM);
		assert_null(sim_page_cache_lookup(inode, 50));
		assert_null(xa_load(&inode->i_data.i_pages, 50));
		assert_int_equal(inode->i_data.nrpages, 1);
		assert_int_equal(sim_nr_free_pages(t->m), nfree);
		s = fs_stats(t->sb);
		assert_memory_equal(&s, &s0, sizeof(s));
	}
	sim_fault_clear(t->m);
	assert_errno(ret, 0);
	assert_true(n >= 3);
	assert_non_null(sim_page_cache_lookup(inode, 50));
}

/*
 * A write of a cached page whose version was never stored: each failure
 * of the version's store changes nothing.
 */
static void test_write_hit_fault(void **state)
{
	struct fs_test *t = T(state);
	static unsigned char before[PAGE_SIZE], now[PAGE_SIZE];
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	struct sim_fs_stats s0, s;
	struct folio *folio;
	unsigned long nfree, n;
	int ret;

	/* Page 0 written, so page 40's version needs an xarray node. */
	assert_errno(sim_page_cache_write(inode, 0), 0);
	read_check(t, inode, 40);
	folio = sim_page_cache_lookup(inode, 40);
	nfree = sim_nr_free_pages(t->m);
	s0 = fs_stats(t->sb);
	assert_errno(sim_page_expected(inode, 40, before), 0);
	for (n = 1;; n++) {
		assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_ALL, n), 0);
		ret = sim_page_cache_write(inode, 40);
		if (sim_fault_armed(t->m))
			break;
		assert_errno(ret, -ENOMEM);
		assert_ptr_equal(sim_page_cache_lookup(inode, 40), folio);
		assert_false(folio_test_dirty(folio));
		assert_false(folio_test_active(folio));
		assert_int_equal(sim_nr_free_pages(t->m), nfree);
		assert_errno(sim_page_expected(inode, 40, now), 0);
		assert_memory_equal(before, now, PAGE_SIZE);
		assert_true(holds_expected(t, inode, 40, folio));
		s = fs_stats(t->sb);
		assert_memory_equal(&s, &s0, sizeof(s));
	}
	sim_fault_clear(t->m);
	assert_errno(ret, 0);
	/* The version's xarray node: at least one failure. */
	assert_true(n >= 2);
	assert_true(folio_test_dirty(folio));
	assert_true(folio_test_active(folio));
	assert_true(holds_expected(t, inode, 40, folio));
	s = fs_stats(t->sb);
	assert_int_equal(s.writes, s0.writes + 1);
	assert_int_equal(s.disk_reads, s0.disk_reads);
	assert_errno(sim_page_expected(inode, 40, now), 0);
	assert_memory_not_equal(before, now, PAGE_SIZE);
}

/*
 * Another reader fills the page while a read has the inode lock out to
 * allocate: the read finds it (a hit) and gives its own folio back.
 */
static void test_read_while_lock_out(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	unsigned long nfree = sim_nr_free_pages(t->m);
	struct folio *folio = NULL;
	struct sim_fs_stats s;

	fs_lockout = (struct fs_lockout){ .inode = inode, .op = 'r',
					  .index = 7, .ret = 1 };
	assert_errno(sim_page_cache_read(inode, 7, &folio), 0);
	assert_null(fs_lockout.inode);
	assert_errno(fs_lockout.ret, 0);
	assert_non_null(folio);
	assert_ptr_equal(sim_page_cache_lookup(inode, 7), folio);
	assert_int_equal(inode->i_data.nrpages, 1);
	assert_int_equal(folio_ref_count(folio), 2);
	assert_int_equal(sim_nr_free_pages(t->m), nfree - 1);
	/* Both reads marked it accessed: the second activated it. */
	assert_true(folio_test_active(folio));
	assert_true(holds_expected(t, inode, 7, folio));
	s = fs_stats(t->sb);
	assert_int_equal(s.reads, 2);
	assert_int_equal(s.cache_hits, 1);
	assert_int_equal(s.disk_reads, 1);
	folio_put(folio);
}

/* The same for a write: it writes the folio the other reader added. */
static void test_write_while_lock_out(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	unsigned long nfree = sim_nr_free_pages(t->m);
	struct folio *folio;
	struct sim_fs_stats s;

	fs_lockout = (struct fs_lockout){ .inode = inode, .op = 'r',
					  .index = 9, .ret = 1 };
	assert_errno(sim_page_cache_write(inode, 9), 0);
	assert_errno(fs_lockout.ret, 0);
	folio = sim_page_cache_lookup(inode, 9);
	assert_non_null(folio);
	assert_true(folio_test_dirty(folio));
	assert_int_equal(inode->i_data.nrpages, 1);
	assert_int_equal(folio_ref_count(folio), 1);
	assert_int_equal(sim_nr_free_pages(t->m), nfree - 1);
	assert_true(holds_expected(t, inode, 9, folio));
	s = fs_stats(t->sb);
	assert_int_equal(s.writes, 1);
	assert_int_equal(s.reads, 1);
	assert_int_equal(s.cache_hits, 0);
	assert_int_equal(s.disk_reads, 1);
}

/* A truncation below the page meanwhile: -EINVAL, nothing kept. */
static void test_read_truncated_while_lock_out(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	unsigned long nfree = sim_nr_free_pages(t->m);
	struct folio *folio = NULL;

	fs_lockout = (struct fs_lockout){ .inode = inode, .op = 't',
					  .index = 5, .ret = 1 };
	assert_errno(sim_page_cache_read(inode, 7, &folio), -EINVAL);
	assert_errno(fs_lockout.ret, 0);
	assert_null(folio);
	assert_null(sim_page_cache_lookup(inode, 7));
	assert_int_equal(inode->i_data.nrpages, 0);
	assert_int_equal(sim_nr_free_pages(t->m), nfree);
	assert_int_equal(fs_stats(t->sb).reads, 0);
}

/* ---- eviction, cleancache and the workingset ------------------------ */

static void test_evict_into_cleancache(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	unsigned long nfree = sim_nr_free_pages(t->m);
	struct cleancache_stats c0, c;
	struct folio *folio = NULL;
	struct sim_fs_stats s;
	void *shadow;

	assert_errno(sim_page_cache_evict(inode, 0), -ENOENT);
	assert_errno(sim_page_cache_evict(NULL, 0), -EINVAL);

	c0 = cc_stats();
	push_to_cleancache(t, inode, 4);
	c = cc_stats();
	assert_int_equal(c.stored, c0.stored + 1);
	/* The folio went back to system memory; a shadow took its slot. */
	assert_int_equal(sim_nr_free_pages(t->m), nfree);
	shadow = xa_load(&inode->i_data.i_pages, 4);
	assert_true(xa_is_value(shadow));
	assert_int_equal(inode->i_data.nrpages, 0);

	/* A re-read is restored from cleancache, not read from disk. */
	assert_errno(sim_page_cache_read(inode, 4, &folio), 0);
	s = fs_stats(t->sb);
	assert_int_equal(s.cleancache_hits, 1);
	assert_int_equal(s.disk_reads, 1);
	assert_int_equal(s.evictions, 1);
	assert_int_equal(cc_stats().restored, c.restored + 1);
	assert_true(holds_expected(t, inode, 4, folio));
	/* Restored: uptodate, but not mapped to disk, as in the kernel. */
	assert_true(folio_test_uptodate(folio));
	assert_false(folio_test_mappedtodisk(folio));
	/* The refault of a page evicted just now: workingset again. */
	assert_true(folio_test_workingset(folio));
	assert_int_equal(s.refaults, 1);
	folio_put(folio);

	/*
	 * Evicting the restored folio invalidates cleancache's copy
	 * (store_into_cleancache() stores only mapped-to-disk folios), so
	 * the next read comes from disk.
	 */
	c = cc_stats();
	assert_errno(sim_page_cache_evict(inode, 4), 0);
	assert_int_equal(cc_stats().invalidated, c.invalidated + 1);
	assert_int_equal(cc_stats().cached, c.cached - 1);
	read_check(t, inode, 4);
	assert_int_equal(fs_stats(t->sb).disk_reads, 2);
	assert_errno(cleancache_check(), 0);
}

static void test_evict_not_workingset(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	struct cleancache_stats c0 = cc_stats(), c;

	/* Read once, evict: not workingset, cleancache keeps nothing. */
	read_check(t, inode, 0);
	assert_false(folio_test_workingset(sim_page_cache_lookup(inode, 0)));
	assert_errno(sim_page_cache_evict(inode, 0), 0);
	c = cc_stats();
	assert_int_equal(c.stored, c0.stored);
	assert_int_equal(c.cached, 0);
	/* Re-read: a miss in cleancache, from disk. */
	read_check(t, inode, 0);
	assert_int_equal(fs_stats(t->sb).cleancache_hits, 0);
	assert_int_equal(fs_stats(t->sb).disk_reads, 2);
}

static void test_refault_workingset(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	struct sim_fs_stats s;
	struct folio *folio;

	/* Read once, evict: a shadow, nothing in cleancache. */
	read_check(t, inode, 0);
	assert_errno(sim_page_cache_evict(inode, 0), 0);
	assert_int_equal(cc_stats().cached, 0);

	/* The refault comes soon: active and workingset. */
	read_check(t, inode, 0);
	folio = sim_page_cache_lookup(inode, 0);
	assert_true(folio_test_workingset(folio));
	assert_true(folio_test_active(folio));
	s = fs_stats(t->sb);
	assert_int_equal(s.refaults, 1);
	assert_int_equal(s.workingset, 1);

	/* So its next eviction stores it, and the read after restores. */
	assert_errno(sim_page_cache_evict(inode, 0), 0);
	assert_int_equal(cc_stats().cached, 1);
	read_check(t, inode, 0);
	assert_int_equal(fs_stats(t->sb).cleancache_hits, 1);

	/*
	 * A refault after more evictions than the cache holds is not
	 * workingset: page 1 goes, then CACHE_PAGES + 1 others.
	 */
	read_check(t, inode, 1);
	assert_errno(sim_page_cache_evict(inode, 1), 0);
	for (pgoff_t i = 10; i < 10 + CACHE_PAGES + 1; i++) {
		read_check(t, inode, i);
		assert_errno(sim_page_cache_evict(inode, i), 0);
	}
	read_check(t, inode, 1);
	folio = sim_page_cache_lookup(inode, 1);
	assert_false(folio_test_workingset(folio));
	assert_false(folio_test_active(folio));
	s = fs_stats(t->sb);
	assert_int_equal(s.refaults, 3);
	assert_int_equal(s.workingset, 2);
}

static void test_lru_capacity_and_shrink(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	struct sim_fs_stats s;

	for (pgoff_t i = 0; i < CACHE_PAGES; i++)
		read_check(t, inode, i);
	assert_int_equal(inode->i_data.nrpages, CACHE_PAGES);
	assert_int_equal(fs_stats(t->sb).evictions, 0);

	/* A hit moves page 0 to the head: page 1 is the tail now. */
	read_check(t, inode, 0);
	read_check(t, inode, CACHE_PAGES);
	assert_int_equal(inode->i_data.nrpages, CACHE_PAGES);
	assert_non_null(sim_page_cache_lookup(inode, 0));
	assert_null(sim_page_cache_lookup(inode, 1));
	assert_non_null(sim_page_cache_lookup(inode, 2));
	/* Page 0 was active when the cache was full: nothing else moved. */
	s = fs_stats(t->sb);
	assert_int_equal(s.evictions, 1);

	/* shrink: from the tail, pages 2, 3, 4. */
	assert_int_equal(sim_page_cache_shrink(t->sb, 3), 3);
	for (pgoff_t i = 2; i < 5; i++)
		assert_null(sim_page_cache_lookup(inode, i));
	assert_non_null(sim_page_cache_lookup(inode, 5));
	assert_int_equal(inode->i_data.nrpages, CACHE_PAGES - 3);
	/* More than there is: everything, and the count of it. */
	assert_int_equal(sim_page_cache_shrink(t->sb, 1000), CACHE_PAGES - 3);
	assert_int_equal(inode->i_data.nrpages, 0);
	assert_int_equal(sim_page_cache_shrink(t->sb, 1), 0);
	assert_int_equal(sim_page_cache_shrink(NULL, 1), 0);
	assert_int_equal(fs_stats(t->sb).evictions, CACHE_PAGES + 1);
	/* Page 0 was active: it went to cleancache. */
	assert_int_equal(cc_stats().cached, 1);
}

static void test_reclaim_for_memory(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	unsigned long hoard_nr = sim_nr_free_pages(t->m) - 2;
	struct folio **hoard = calloc(hoard_nr, sizeof(*hoard));

	/* Only two free pages: reads reclaim although the cache has room. */
	assert_non_null(hoard);
	for (unsigned long i = 0; i < hoard_nr; i++)
		hoard[i] = folio_alloc(GFP_KERNEL, 0);
	for (pgoff_t i = 0; i < 5; i++)
		read_check(t, inode, i);
	assert_int_equal(inode->i_data.nrpages, 2);
	assert_int_equal(fs_stats(t->sb).evictions, 3);
	/* With nothing to reclaim and no memory: -ENOMEM. */
	assert_int_equal(sim_page_cache_shrink(t->sb, 100), 2);
	for (unsigned long i = hoard_nr; i < hoard_nr + 2; i++)
		assert_non_null(folio_alloc(GFP_KERNEL, 0));
	assert_errno(sim_page_cache_read(inode, 9, NULL), -ENOMEM);
	assert_errno(sim_page_cache_readahead(inode, 9, 4), -ENOMEM);
	assert_null(sim_page_cache_lookup(inode, 9));
	/* The two pages taken last are pfns the pool handed out LIFO. */
	for (unsigned long i = 0; i < hoard_nr; i++)
		folio_put(hoard[i]);
	free(hoard);
	read_check(t, inode, 9);
	/* Give the two strays back: find them as the pages still in use. */
	for (unsigned long pfn = 0; pfn < t->donor_pfn; pfn++) {
		struct folio *f = pfn_folio(pfn);

		if (folio_ref_count(f) == 1 && !f->mapping)
			folio_put(f);
	}
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES - NR_DONATED - 1);
}

/* ---- truncation and inode eviction ---------------------------------- */

static void test_truncate_invalidates(void **state)
{
	struct fs_test *t = T(state);
	static unsigned char old5[PAGE_SIZE], new5[PAGE_SIZE], p[PAGE_SIZE];
	struct inode *inode = new_inode(t->sb, 1, 8);
	struct cleancache_stats c;

	/* Pages 0..3 in cleancache, 4..7 in the page cache, 6 dirty. */
	for (pgoff_t i = 0; i < 4; i++)
		push_to_cleancache(t, inode, i);
	for (pgoff_t i = 4; i < 8; i++)
		read_check(t, inode, i);
	assert_errno(sim_page_cache_write(inode, 6), 0);
	assert_errno(sim_page_expected(inode, 5, old5), 0);
	assert_int_equal(cc_stats().cached, 4);
	c = cc_stats();

	/* Cut to 2 pages and a bit: page 2 stays (partly), 3..7 go. */
	assert_errno(sim_page_cache_truncate(inode, 2 * PAGE_SIZE + 100), 0);
	assert_int_equal(inode->i_size, 2 * PAGE_SIZE + 100);
	for (pgoff_t i = 3; i < 8; i++) {
		assert_null(sim_page_cache_lookup(inode, i));
		assert_null(xa_load(&inode->i_data.i_pages, i));
	}
	/* Shadows below the end stay. */
	assert_true(xa_is_value(xa_load(&inode->i_data.i_pages, 0)));
	assert_int_equal(inode->i_data.nrpages, 0);
	/* Whole-inode invalidation: even pages 0..2 lost their entries. */
	assert_int_equal(cc_stats().cached, 0);
	assert_int_equal(cc_stats().invalidated, c.invalidated + 4);
	read_check(t, inode, 0);
	assert_int_equal(fs_stats(t->sb).cleancache_hits, 0);
	assert_errno(sim_page_cache_read(inode, 3, NULL), -EINVAL);

	/* Grown again, a cut page reads as new contents. */
	assert_errno(sim_page_cache_truncate(inode, 8 * PAGE_SIZE), 0);
	assert_errno(sim_page_expected(inode, 5, new5), 0);
	assert_memory_not_equal(old5, new5, PAGE_SIZE);
	read_check(t, inode, 5);
	/* Pages below the cut keep their contents. */
	assert_errno(sim_page_expected(inode, 1, p), 0);
	read_check(t, inode, 1);

	/* Cut again lower, and again higher: still fresh contents. */
	assert_errno(sim_page_cache_truncate(inode, 6 * PAGE_SIZE), 0);
	assert_errno(sim_page_cache_truncate(inode, 1 * PAGE_SIZE), 0);
	assert_errno(sim_page_cache_truncate(inode, 8 * PAGE_SIZE), 0);
	assert_errno(sim_page_expected(inode, 5, old5), 0);
	assert_memory_not_equal(old5, new5, PAGE_SIZE);
	for (pgoff_t i = 0; i < 8; i++)
		read_check(t, inode, i);

	assert_errno(sim_page_cache_truncate(inode, -1), -EINVAL);
	assert_errno(sim_page_cache_truncate(NULL, 0), -EINVAL);
	assert_errno(sim_page_cache_truncate(inode, 0), 0);
	assert_int_equal(inode->i_data.nrpages, 0);
	assert_true(xa_empty(&inode->i_data.i_pages));
	assert_errno(cleancache_check(), 0);
}

static void test_truncate_fault(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, 8);

	for (pgoff_t i = 0; i < 8; i++)
		read_check(t, inode, i);
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_BIT(SIM_FAULT_KMALLOC), 1),
		     0);
	assert_errno(sim_page_cache_truncate(inode, PAGE_SIZE), -ENOMEM);
	sim_fault_clear(t->m);
	assert_int_equal(inode->i_size, 8 * PAGE_SIZE);
	assert_int_equal(inode->i_data.nrpages, 8);
	assert_errno(sim_page_cache_truncate(inode, PAGE_SIZE), 0);
	assert_int_equal(inode->i_data.nrpages, 1);
}

static void test_inode_reuse_misses(void **state)
{
	struct fs_test *t = T(state);
	static unsigned char gen0[PAGE_SIZE], gen1[PAGE_SIZE];
	struct inode *inode = new_inode(t->sb, 5, 8);
	struct cleancache_stats c;

	for (pgoff_t i = 0; i < 3; i++)
		push_to_cleancache(t, inode, i);
	read_check(t, inode, 4);
	assert_errno(sim_page_expected(inode, 0, gen0), 0);
	c = cc_stats();
	/* Eviction drops the page cache and every cleancache entry. */
	assert_errno(sim_inode_evict(inode), 0);
	assert_int_equal(cc_stats().cached, 0);
	assert_int_equal(cc_stats().invalidated, c.invalidated + 3);
	assert_errno(cleancache_check(), 0);

	/* The number comes back: new generation, new contents, a miss. */
	inode = new_inode(t->sb, 5, 8);
	assert_int_equal(inode->i_generation, 1);
	assert_errno(sim_page_expected(inode, 0, gen1), 0);
	assert_memory_not_equal(gen0, gen1, PAGE_SIZE);
	read_check(t, inode, 0);
	assert_int_equal(fs_stats(t->sb).cleancache_hits, 0);
	/* No refault either: the shadows went with the old inode. */
	assert_int_equal(fs_stats(t->sb).refaults, 0);
}

/* ---- readahead ------------------------------------------------------ */

static void test_readahead_restores_prefix(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, 8);
	struct sim_fs_stats s0, s;
	struct cleancache_stats c;

	/* Pages 0..3 and 5 in cleancache; 4, 6, 7 nowhere. */
	for (pgoff_t i = 0; i < 4; i++)
		push_to_cleancache(t, inode, i);
	push_to_cleancache(t, inode, 5);
	s0 = fs_stats(t->sb);
	c = cc_stats();

	/* One run 0..7: the walk restores 0..3, stops at 4; disk does 4..7. */
	assert_errno(sim_page_cache_readahead(inode, 0, 8), 0);
	s = fs_stats(t->sb);
	assert_int_equal(s.readahead_restored - s0.readahead_restored, 4);
	assert_int_equal(s.disk_reads - s0.disk_reads, 4);
	assert_int_equal(s.reads, s0.reads);
	assert_int_equal(cc_stats().restored, c.restored + 4);
	assert_int_equal(inode->i_data.nrpages, 8);
	for (pgoff_t i = 0; i < 8; i++) {
		struct folio *folio = sim_page_cache_lookup(inode, i);

		assert_non_null(folio);
		assert_false(folio_test_locked(folio));
		assert_true(folio_test_uptodate(folio));
		assert_int_equal(folio_test_mappedtodisk(folio), i >= 4);
		/* Readahead does not mark pages accessed. */
		assert_false(folio_test_referenced(folio));
		assert_int_equal(folio_ref_count(folio), 1);
	}
	for (pgoff_t i = 0; i < 8; i++)
		read_check(t, inode, i);
	/* Nothing missing: nothing to do. */
	s0 = fs_stats(t->sb);
	assert_errno(sim_page_cache_readahead(inode, 2, 4), 0);
	s = fs_stats(t->sb);
	assert_int_equal(s.disk_reads, s0.disk_reads);
	assert_errno(cleancache_check(), 0);
}

/*
 * A readahead of ULONG_MAX pages into a 2^51-page file on a filesystem
 * with no practical cache bound is capped at what the machine could hold:
 * it used to walk 2^51 indices (a hang) before finding it could not
 * allocate them.
 */
static void test_readahead_huge_is_bounded(void **state)
{
	struct super_block *sb;
	struct inode *inode;
	int ret;

	(void)state;
	assert_errno(sim_fs_mount("huge", ULONG_MAX, &sb), 0);
	assert_errno(sim_inode_create(sb, 1, INT64_MAX, &inode), 0);
	ret = sim_page_cache_readahead(inode, 0, ULONG_MAX);
	assert_true(ret == 0 || ret == -ENOMEM);
	assert_true(inode->i_data.nrpages <= NR_PAGES);
	assert_errno(sim_inode_evict(inode), 0);
	assert_errno(sim_fs_unmount(sb), 0);
}

static void test_readahead_runs(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, 8);
	struct sim_fs_stats s0, s;

	/* cleancache: 0, 1, 3; page cache: 2. */
	push_to_cleancache(t, inode, 0);
	push_to_cleancache(t, inode, 1);
	push_to_cleancache(t, inode, 3);
	read_check(t, inode, 2);
	s0 = fs_stats(t->sb);

	/*
	 * Two batches, as page_cache_ra_unbounded() submits them around a
	 * cached page: [0, 1] both restored; [3, 4] restores 3, 4 from disk.
	 */
	assert_errno(sim_page_cache_readahead(inode, 0, 5), 0);
	s = fs_stats(t->sb);
	assert_int_equal(s.readahead_restored - s0.readahead_restored, 3);
	assert_int_equal(s.disk_reads - s0.disk_reads, 1);
	for (pgoff_t i = 0; i < 5; i++)
		read_check(t, inode, i);

	/* The window is cut at the end of the file. */
	assert_errno(sim_page_cache_readahead(inode, 6, 100), 0);
	assert_non_null(sim_page_cache_lookup(inode, 7));
	assert_int_equal(inode->i_data.nrpages, 7);
	assert_errno(sim_page_cache_readahead(inode, 8, 1), -EINVAL);
	assert_errno(sim_page_cache_readahead(inode, 0, 0), -EINVAL);
	assert_errno(sim_page_cache_readahead(NULL, 0, 1), -EINVAL);
}

static void test_readahead_capacity(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);

	/* A window larger than the cache is cut to the cache's size. */
	assert_errno(sim_page_cache_readahead(inode, 0, FILE_PAGES), 0);
	assert_int_equal(inode->i_data.nrpages, CACHE_PAGES);
	for (pgoff_t i = 0; i < CACHE_PAGES; i++)
		assert_non_null(sim_page_cache_lookup(inode, i));
	/* The next window pushes the first out. */
	assert_errno(sim_page_cache_readahead(inode, CACHE_PAGES, 4), 0);
	assert_int_equal(inode->i_data.nrpages, CACHE_PAGES);
	for (pgoff_t i = 0; i < 4; i++)
		assert_null(sim_page_cache_lookup(inode, i));
	for (pgoff_t i = 4; i < CACHE_PAGES + 4; i++)
		read_check(t, inode, i);
}

/* ---- teardown paths ------------------------------------------------- */

static void test_unmount_with_everything(void **state)
{
	struct fs_test *t = T(state);
	struct inode *a = new_inode(t->sb, 1, 8), *b = new_inode(t->sb, 2, 8);

	push_to_cleancache(t, a, 0);
	push_to_cleancache(t, b, 1);
	read_check(t, a, 2);
	assert_errno(sim_page_cache_write(b, 3), 0);
	assert_int_equal(cc_stats().cached, 2);
	/* Live inodes are evicted, cleancache forgets the fs. */
	assert_errno(sim_fs_unmount(t->sb), 0);
	t->sb = NULL;
	assert_int_equal(cc_stats().cached, 0);
	assert_int_equal(sim_nr_free_pages(t->m), NR_PAGES - NR_DONATED);
	assert_errno(cleancache_check(), 0);
}

static void test_destroy_machine_with_mounts(void **state)
{
	struct sim_machine_config cfg = {
		.name = "mounted", .nr_pages = 256, .data_mode = SIM_DATA_PAGES,
		.violation_mode = SIM_VIOLATION_RECORD,
	};
	long live = kmalloc_nr_allocated();
	struct super_block *sb;
	struct sim_machine *m;
	struct inode *inode;
	struct folio *folio;

	(void)state;
	/* sim_machine_destroy() unmounts what is left, from any thread. */
	assert_errno(sim_machine_create(&cfg, &m), 0);
	assert_errno(sim_thread_attach(m), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	assert_errno(sim_fs_mount("left", 8, &sb), 0);
	assert_errno(sim_inode_create(sb, 1, 16 * PAGE_SIZE, &inode), 0);
	for (pgoff_t i = 0; i < 12; i++)
		assert_errno(sim_page_cache_read(inode, i, NULL), 0);
	assert_errno(sim_page_cache_read(inode, 12, &folio), 0);
	folio_put(folio);
	assert_errno(sim_thread_detach(), 0);
	assert_errno(sim_machine_destroy(m), 0);
	assert_int_equal(kmalloc_nr_allocated(), live);
}

/* ---- threads -------------------------------------------------------- */

#define NR_WORKERS	4
#define NR_SHARED	4
#define WORKER_OPS	1500
#define INODE_PAGES	24

struct mt_ctx {
	struct fs_test *t;
	struct inode *shared[NR_SHARED];
	struct inode *own[NR_WORKERS];
	int stop;
	int errors;
	int wrong_data;
	int backend_errors;
	unsigned long backend_rounds;
};

struct mt_worker {
	struct mt_ctx *ctx;
	int id;
};

static bool mt_data_ok(struct fs_test *t, struct inode *inode, pgoff_t index,
		       struct folio *folio)
{
	unsigned char *want;
	bool ok;

	if (!t->data)
		return true;
	want = malloc(PAGE_SIZE);
	if (!want || sim_page_expected(inode, index, want)) {
		free(want);
		return false;
	}
	ok = !memcmp(folio_address(folio), want, PAGE_SIZE);
	free(want);
	return ok;
}

static void *mt_worker(void *arg)
{
	struct mt_worker *w = arg;
	struct mt_ctx *ctx = w->ctx;
	struct inode *own = ctx->own[w->id];
	uint64_t seed = 0x1234 + w->id;
	long own_pages = INODE_PAGES;
	int errors = 0, wrong = 0;

	if (sim_thread_attach(ctx->t->m))
		return NULL;
	for (int op = 0; op < WORKER_OPS; op++) {
		uint64_t r = test_prng(&seed);
		bool mine = r & 1;
		struct inode *inode = mine ? own : ctx->shared[(r >> 1) % NR_SHARED];
		long pages = mine ? own_pages : INODE_PAGES;
		pgoff_t index = (r >> 8) % pages;
		struct folio *folio;
		int ret;

		switch ((r >> 4) % 8) {
		case 0:
		case 1:
		case 2:
			ret = sim_page_cache_read(inode, index, &folio);
			if (ret) {
				errors++;
				break;
			}
			if (!mt_data_ok(ctx->t, inode, index, folio))
				wrong++;
			folio_put(folio);
			break;
		case 3:
			ret = sim_page_cache_evict(inode, index);
			if (ret && ret != -ENOENT)
				errors++;
			break;
		case 4:
			sim_page_cache_shrink(inode->i_sb, 1 + (r >> 32) % 4);
			break;
		case 5:
			if (sim_page_cache_readahead(inode, index,
						     1 + (r >> 32) % 8))
				errors++;
			break;
		case 6:
			if (sim_page_cache_write(own, (r >> 8) % own_pages))
				errors++;
			break;
		case 7:
			own_pages = 8 + (r >> 32) % (INODE_PAGES - 7);
			if (sim_page_cache_truncate(own, own_pages * PAGE_SIZE))
				errors++;
			break;
		}
	}
	sim_thread_detach();
	__atomic_fetch_add(&ctx->errors, errors, __ATOMIC_RELAXED);
	__atomic_fetch_add(&ctx->wrong_data, wrong, __ATOMIC_RELAXED);
	return NULL;
}

/* The backend takes donated folios back and donates them again. */
static void *mt_backend(void *arg)
{
	struct mt_ctx *ctx = arg;
	struct fs_test *t = ctx->t;
	unsigned long i = 0;
	int errors = 0;

	if (sim_thread_attach(t->m))
		return NULL;
	while (!__atomic_load_n(&ctx->stop, __ATOMIC_ACQUIRE)) {
		struct folio *folio = pfn_folio(t->donor_pfn + i % NR_DONATED);

		if (cleancache_backend_get_folio(t->pool, folio) ||
		    folio_ref_count(folio))
			errors++;
		else if (cleancache_backend_put_folio(t->pool, folio))
			errors++;
		i++;
	}
	sim_thread_detach();
	ctx->backend_rounds = i;
	ctx->backend_errors = errors;
	return NULL;
}

static void test_threads(void **state)
{
	struct fs_test *t = T(state);
	struct mt_worker workers[NR_WORKERS];
	pthread_t tids[NR_WORKERS], backend;
	struct mt_ctx ctx = { .t = t };

	for (int i = 0; i < NR_SHARED; i++)
		ctx.shared[i] = new_inode(t->sb, i, INODE_PAGES);
	for (int i = 0; i < NR_WORKERS; i++)
		ctx.own[i] = new_inode(t->sb, 100 + i, INODE_PAGES);
	assert_int_equal(pthread_create(&backend, NULL, mt_backend, &ctx), 0);
	for (int i = 0; i < NR_WORKERS; i++) {
		workers[i] = (struct mt_worker){ .ctx = &ctx, .id = i };
		assert_int_equal(pthread_create(&tids[i], NULL, mt_worker,
						&workers[i]), 0);
	}
	for (int i = 0; i < NR_WORKERS; i++)
		pthread_join(tids[i], NULL);
	__atomic_store_n(&ctx.stop, 1, __ATOMIC_RELEASE);
	pthread_join(backend, NULL);

	assert_int_equal(ctx.errors, 0);
	assert_int_equal(ctx.wrong_data, 0);
	assert_int_equal(ctx.backend_errors, 0);
	assert_errno(cleancache_check(), 0);
	for (int i = 0; i < NR_SHARED; i++)
		for (pgoff_t j = 0; j < INODE_PAGES; j++)
			read_check(t, ctx.shared[i], j);
	for (int i = 0; i < NR_WORKERS; i++)
		assert_errno(sim_inode_evict(ctx.own[i]), 0);
	assert_int_equal(fs_stats(t->sb).cache_hits > 0, true);
}

/*
 * sim_fs_get_usage(): what the page cache holds now. Two pages written
 * (dirty), two read twice (active), one read once; nothing mapped on a
 * plain filesystem; NULL arguments refused.
 */
static void test_usage(void **state)
{
	struct fs_test *t = T(state);
	struct inode *inode = new_inode(t->sb, 1, FILE_PAGES);
	struct sim_fs_usage u;

	assert_errno(sim_fs_get_usage(t->sb, &u), 0);
	assert_int_equal(u.cached, 0);
	assert_errno(sim_page_cache_write(inode, 0), 0);
	assert_errno(sim_page_cache_write(inode, 1), 0);
	for (int pass = 0; pass < 2; pass++) {
		assert_errno(sim_page_cache_read(inode, 2, NULL), 0);
		assert_errno(sim_page_cache_read(inode, 3, NULL), 0);
	}
	assert_errno(sim_page_cache_read(inode, 4, NULL), 0);
	assert_errno(sim_fs_get_usage(t->sb, &u), 0);
	assert_int_equal(u.cached, 5);
	assert_int_equal(u.dirty, 2);
	assert_int_equal(u.active, 2);
	assert_int_equal(u.mapped, 0);
	assert_errno(sim_fs_get_usage(NULL, &u), -EINVAL);
	assert_errno(sim_fs_get_usage(t->sb, NULL), -EINVAL);
	assert_errno(sim_inode_evict(inode), 0);
	assert_errno(sim_fs_get_usage(t->sb, &u), 0);
	assert_int_equal(u.cached, 0);
}

#define FS(fn)		cmocka_unit_test_setup_teardown(fn, fs_setup, fs_teardown)
#define FS_META(fn)	cmocka_unit_test_setup_teardown(fn, fs_setup_meta, fs_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FS_META(test_pool_boot_and_lifo),
		FS_META(test_pool_refusals),
		cmocka_unit_test(test_pool_before_boot),
		FS_META(test_pool_exhaustion),
		FS(test_pool_zero_and_poison),
		FS_META(test_pool_fault_injection),
		FS_META(test_pool_misuse),
		FS_META(test_mount_args),
		FS_META(test_mount_other_machine),
		FS(test_mount_without_cleancache),
		FS_META(test_inode_create_evict),
		FS_META(test_inode_create_fault),
		FS(test_read_miss_then_hit),
		FS_META(test_read_miss_then_hit),
		FS(test_disk_pattern),
		FS(test_write_version),
		FS(test_write_fault),
		FS_META(test_read_fault),
		FS(test_write_hit_fault),
		FS(test_read_while_lock_out),
		FS(test_write_while_lock_out),
		FS_META(test_read_truncated_while_lock_out),
		FS(test_evict_into_cleancache),
		FS_META(test_evict_into_cleancache),
		FS(test_evict_not_workingset),
		FS(test_refault_workingset),
		FS_META(test_lru_capacity_and_shrink),
		FS_META(test_reclaim_for_memory),
		FS(test_truncate_invalidates),
		FS_META(test_truncate_fault),
		FS(test_inode_reuse_misses),
		FS(test_readahead_restores_prefix),
		FS_META(test_readahead_restores_prefix),
		FS(test_readahead_runs),
		FS(test_readahead_huge_is_bounded),
		FS_META(test_readahead_capacity),
		FS(test_unmount_with_everything),
		cmocka_unit_test(test_destroy_machine_with_mounts),
		FS(test_threads),
		FS_META(test_threads),
		FS_META(test_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit tests of anonymous memory through a swap type: an .anon simulated
 * filesystem mounted with .swap (lib/sim/fs_swap.c). Eviction of a dirty
 * page swaps it out (frontswap first, else the device), a refault swaps
 * it in (swap cache, frontswap, device), writes, truncation and inode
 * eviction free the slots, direct reclaim goes the same way, a full type
 * falls back to the plain writeback; contents checked against
 * sim_page_expected(), costs from the thread's account.
 *
 * Fixture: fsw_test.h (a GCMA area of 256 pages on a 1024-page machine
 * with page data); F_CHECK() (frontswap, GCMA and cleancache checkers)
 * after every step.
 */
#include "fsw_test.h"
#include <libgcma/sim_fs.h>
#include "kernel/vmscan.h"

#define NR_FILE	16	/* pages per test file */

/* An anonymous filesystem swapping through @type, unmounted by the test. */
static struct super_block *mount_anon(int type)
{
	struct sim_fs_options o = {
		.anon = true, .swap = true, .swap_type = type,
	};
	struct super_block *sb = NULL;

	assert_errno(sim_fs_mount_opts("anon", 64, &o, &sb), 0);
	F_CHECK();
	return sb;
}

static struct inode *anon_file(struct super_block *sb, unsigned long ino)
{
	struct inode *inode = NULL;

	assert_errno(sim_inode_create(sb, ino, NR_FILE * PAGE_SIZE, &inode),
		     0);
	return inode;
}

static struct sim_fs_stats fs_stats(struct super_block *sb)
{
	struct sim_fs_stats s;

	assert_errno(sim_fs_get_stats(sb, &s), 0);
	return s;
}

/* Read page @index and compare it with what it should hold. */
static void read_expect(struct inode *inode, pgoff_t index)
{
	static unsigned char want[PAGE_SIZE];
	struct folio *f = NULL;

	assert_errno(sim_page_cache_read(inode, index, &f), 0);
	assert_errno(sim_page_expected(inode, index, want), 0);
	assert_memory_equal(folio_address(f), want, PAGE_SIZE);
	folio_put(f);
	F_CHECK();
}

static void write_pages(struct inode *inode, pgoff_t first, pgoff_t n)
{
	for (pgoff_t i = first; i < first + n; i++) {
		assert_errno(sim_page_cache_write(inode, i), 0);
		F_CHECK();
	}
}

/* Evict page @index and return the account of the eviction. */
static struct sim_cost_account evict(struct inode *inode, pgoff_t index)
{
	struct sim_cost_account a;

	ACCOUNT(assert_errno(sim_page_cache_evict(inode, index), 0), &a);
	F_CHECK();
	return a;
}

static struct sim_cost_account refault(struct inode *inode, pgoff_t index)
{
	struct sim_cost_account a;

	ACCOUNT(read_expect(inode, index), &a);
	return a;
}

/* ---- tests ------------------------------------------------------------ */

static void test_mount_options(void **state)
{
	struct sim_fs_options o = { .swap = true, .swap_type = 0 };
	struct super_block *sb = NULL, *sb2 = NULL;
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_THROUGH, 8);

	(void)state;
	/* A swap type needs .anon and a type number in range. */
	assert_errno(sim_fs_mount_opts("x", 8, &o, &sb), -EINVAL);
	o.anon = true;
	o.swap_type = -1;
	assert_errno(sim_fs_mount_opts("x", 8, &o, &sb), -EINVAL);
	o.swap_type = SIM_MAX_SWAPFILES;
	assert_errno(sim_fs_mount_opts("x", 8, &o, &sb), -EINVAL);
	assert_null(sb);
	/* One filesystem per type: it allocates the type's slots. */
	sb = mount_anon(type);
	o.swap_type = type;
	assert_errno(sim_fs_mount_opts("y", 8, &o, &sb2), -EBUSY);
	o.swap_type = type + 1;
	assert_errno(sim_fs_mount_opts("y", 8, &o, &sb2), 0);
	assert_errno(sim_fs_unmount(sb2), 0);
	assert_errno(sim_fs_unmount(sb), 0);
	/* Free again once unmounted. */
	sb = mount_anon(type);
	assert_errno(sim_fs_unmount(sb), 0);
	F_CHECK();
}

/* Frontswap keeps the page: a store at eviction, a load at refault. */
static void test_round_trip_frontswap(void **state)
{
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 64);
	struct super_block *sb = mount_anon(type);
	struct inode *inode = anon_file(sb, 1);
	struct sim_cost_account a;

	(void)state;
	write_pages(inode, 0, 4);
	a = evict(inode, 1);
	assert_int_equal(a.count[SIM_COST_CC_STORE], 1);
	assert_int_equal(a.count[SIM_COST_SWAP_WRITE], 0);
	assert_int_equal(a.count[SIM_COST_WRITEBACK], 0);
	assert_int_equal(fstats().stored, 1);
	assert_int_equal(fs_stats(sb).swap_outs, 1);
	assert_int_equal(fs_stats(sb).writebacks, 1);

	a = refault(inode, 1);
	assert_int_equal(a.count[SIM_COST_CC_RESTORE], 1);
	assert_int_equal(a.count[SIM_COST_DISK_READ], 0);
	assert_int_equal(a.count[SIM_COST_SWAP_READ], 0);
	assert_int_equal(fs_stats(sb).swap_ins, 1);
	assert_int_equal(fs_stats(sb).disk_reads, 4);	/* the first writes */
	assert_int_equal(fstats().loads, 1);

	/* Read back clean: the slot keeps its copy, a new eviction is free. */
	a = evict(inode, 1);
	assert_int_equal(a.count[SIM_COST_CC_STORE], 0);
	assert_int_equal(a.count[SIM_COST_SWAP_WRITE], 0);
	assert_int_equal(fs_stats(sb).swap_outs, 1);
	assert_int_equal(fstats().stored, 1);
	read_expect(inode, 1);

	/* A write makes the swap copy stale: the slot goes. */
	write_pages(inode, 1, 1);
	assert_int_equal(fstats().stored, 0);
	assert_int_equal(fstats().invalidates, 1);
	a = evict(inode, 1);
	assert_int_equal(a.count[SIM_COST_CC_STORE], 1);
	read_expect(inode, 1);

	assert_errno(sim_fs_unmount(sb), 0);
	assert_int_equal(fstats().stored, 0);
	F_CHECK();
}

/* With frontswap refusing (ratio 0), the zram-like device takes it. */
static void test_zram_fallback(void **state)
{
	int type = swapon(SIM_SWAP_ZRAM, SIM_SWAP_WRITE_THROUGH, 64);
	struct super_block *sb;
	struct inode *inode;
	struct sim_cost_account a;

	(void)state;
	assert_errno(sim_frontswap_set_ratio(0), 0);
	sb = mount_anon(type);
	inode = anon_file(sb, 1);
	write_pages(inode, 0, 6);
	for (pgoff_t i = 0; i < 6; i++) {
		a = evict(inode, i);
		assert_int_equal(a.count[SIM_COST_ZRAM_WRITE], 1);
		assert_int_equal(a.count[SIM_COST_CC_STORE], 0);
		assert_int_equal(a.count[SIM_COST_WRITEBACK], 0);
	}
	assert_int_equal(fstats().store_refused, 6);
	assert_int_equal(fstats().device_pages, 6);
	assert_int_equal(fstats().zram_pages, 2);	/* 6 at 33% */
	for (pgoff_t i = 0; i < 6; i++) {
		a = refault(inode, i);
		assert_int_equal(a.count[SIM_COST_ZRAM_READ], 1);
		assert_int_equal(a.count[SIM_COST_DISK_READ], 0);
	}
	/* Evicting the inode frees every slot and zram's memory. */
	assert_errno(sim_inode_evict(inode), 0);
	F_CHECK();
	assert_int_equal(fstats().device_pages, 0);
	assert_int_equal(fstats().zram_pages, 0);
	assert_errno(sim_fs_unmount(sb), 0);
	F_CHECK();
}

/* Write-through (the 2015 RFC): a recall drops, swap-in reads the disk. */
static void test_recall_write_through(void **state)
{
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_THROUGH, 64);
	struct super_block *sb = mount_anon(type);
	struct inode *inode = anon_file(sb, 1);
	struct sim_cost_account a;

	(void)state;
	write_pages(inode, 0, 4);
	for (pgoff_t i = 0; i < 4; i++) {
		a = evict(inode, i);
		assert_int_equal(a.count[SIM_COST_CC_STORE], 1);
		assert_int_equal(a.count[SIM_COST_SWAP_WRITE], 1);
	}
	assert_int_equal(fstats().stored, 4);
	ACCOUNT(assert_errno(gcma_alloc_range(CARVE, NR_CARVE, 0), 0), &a);
	F_CHECK();
	assert_int_equal(a.count[SIM_COST_SWAP_WRITE], 0);
	assert_int_equal(fstats().recall_dropped, 4);
	assert_int_equal(fstats().stored, 0);
	for (pgoff_t i = 0; i < 4; i++) {
		a = refault(inode, i);
		assert_int_equal(a.count[SIM_COST_SWAP_READ], 1);
		assert_int_equal(a.count[SIM_COST_DISK_READ], 0);
	}
	assert_errno(gcma_free_range(CARVE, NR_CARVE), 0);
	F_CHECK();
	assert_errno(sim_fs_unmount(sb), 0);
	assert_int_equal(fstats().device_pages, 0);
	F_CHECK();
}

/* Truncation frees the slots it cuts off, and only those. */
static void test_truncate_frees_slots(void **state)
{
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 64);
	struct super_block *sb = mount_anon(type);
	struct inode *a_ino = anon_file(sb, 1), *b_ino = anon_file(sb, 2);

	(void)state;
	write_pages(a_ino, 0, 8);
	write_pages(b_ino, 0, 4);
	assert_int_equal(sim_page_cache_shrink(sb, 12), 12);
	F_CHECK();
	assert_int_equal(fstats().stored, 12);
	assert_int_equal(fs_stats(sb).swap_outs, 12);

	assert_errno(sim_page_cache_truncate(a_ino, 5 * PAGE_SIZE), 0);
	F_CHECK();
	assert_int_equal(fstats().stored, 9);
	/* The slots freed are reused: the lowest free first. */
	assert_errno(sim_page_cache_truncate(a_ino, NR_FILE * PAGE_SIZE), 0);
	write_pages(a_ino, 5, 3);
	assert_int_equal(sim_page_cache_shrink(sb, 3), 3);
	F_CHECK();
	assert_int_equal(fstats().stored, 12);
	for (pgoff_t i = 0; i < 8; i++)
		read_expect(a_ino, i);
	for (pgoff_t i = 0; i < 4; i++)
		read_expect(b_ino, i);
	assert_int_equal(fs_stats(sb).swap_ins, 12);

	assert_errno(sim_inode_evict(a_ino), 0);
	F_CHECK();
	assert_int_equal(fstats().stored, 4);
	assert_errno(sim_inode_evict(b_ino), 0);
	F_CHECK();
	assert_int_equal(fstats().stored, 0);
	assert_errno(sim_fs_unmount(sb), 0);
	F_CHECK();
}

/* Direct reclaim swaps anonymous pages out the same way. */
static void test_direct_reclaim(void **state)
{
	int type = swapon(SIM_SWAP_ZRAM, SIM_SWAP_WRITE_THROUGH, 64);
	struct super_block *sb = mount_anon(type);
	struct inode *inode = anon_file(sb, 1);
	struct sim_cost_account a;

	(void)state;
	write_pages(inode, 0, NR_FILE);
	ACCOUNT(assert_int_equal(try_to_free_pages(GFP_KERNEL, 0), NR_FILE),
		&a);
	F_CHECK();
	assert_int_equal(a.count[SIM_COST_ZRAM_WRITE], NR_FILE);
	assert_int_equal(a.count[SIM_COST_CC_STORE], NR_FILE);
	assert_int_equal(a.count[SIM_COST_WRITEBACK], 0);
	assert_int_equal(fs_stats(sb).swap_outs, NR_FILE);
	for (pgoff_t i = 0; i < NR_FILE; i++)
		read_expect(inode, i);
	assert_int_equal(fs_stats(sb).swap_ins, NR_FILE);
	assert_errno(sim_fs_unmount(sb), 0);
	F_CHECK();
}

/* A full type (or a failed allocation): the plain writeback, disk read. */
static void test_swap_full(void **state)
{
	int type = swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 2);
	struct cc_test *t = cc(state);
	struct super_block *sb = mount_anon(type);
	struct inode *inode = anon_file(sb, 1);
	struct sim_cost_account a;

	write_pages(inode, 0, 4);
	evict(inode, 0);
	evict(inode, 1);
	a = evict(inode, 2);
	assert_int_equal(a.count[SIM_COST_WRITEBACK], 1);
	assert_int_equal(a.count[SIM_COST_CC_STORE], 0);
	assert_int_equal(fs_stats(sb).swap_full, 1);
	/* The slot allocator's node cannot be had: the same fallback. */
	assert_errno(sim_page_cache_truncate(inode, 0), 0);
	assert_errno(sim_page_cache_truncate(inode, NR_FILE * PAGE_SIZE), 0);
	write_pages(inode, 0, 1);
	assert_errno(sim_fault_fail_nth(t->m, SIM_FAULT_XA_NODE, 1), 0);
	a = evict(inode, 0);
	sim_fault_clear(t->m);
	assert_int_equal(a.count[SIM_COST_WRITEBACK], 1);
	assert_int_equal(fs_stats(sb).swap_full, 2);
	assert_int_equal(fstats().stored, 0);
	a = refault(inode, 0);
	assert_int_equal(a.count[SIM_COST_DISK_READ], 1);
	assert_errno(sim_fs_unmount(sb), 0);
	F_CHECK();
}

/* Without .swap nothing changes: writeback at eviction, disk at refault. */
static void test_no_swap_type(void **state)
{
	static const struct sim_fs_options o = { .anon = true };
	struct super_block *sb = NULL;
	struct inode *inode;
	struct sim_cost_account a;

	(void)state;
	swapon(SIM_SWAP_DISK, SIM_SWAP_WRITE_BACK, 8);
	assert_errno(sim_fs_mount_opts("anon", 64, &o, &sb), 0);
	inode = anon_file(sb, 1);
	write_pages(inode, 0, 1);
	a = evict(inode, 0);
	assert_int_equal(a.count[SIM_COST_WRITEBACK], 1);
	assert_int_equal(a.count[SIM_COST_CC_STORE], 0);
	a = refault(inode, 0);
	assert_int_equal(a.count[SIM_COST_DISK_READ], 1);
	assert_int_equal(fs_stats(sb).swap_outs, 0);
	assert_int_equal(fstats().stored, 0);
	assert_errno(sim_fs_unmount(sb), 0);
	F_CHECK();
}

/*
 * .no_swap: no swap at all. Reclaim (direct and kswapd-like) never
 * evicts a dirty anonymous page; truncation still frees them. Also
 * sim_fs_nr_cached(), the count without the LRU walk.
 */
static void test_no_swap_unevictable(void **state)
{
	static const struct sim_fs_options o = { .anon = true,
						 .no_swap = true };
	struct cc_test *t = cc(state);
	struct super_block *sb = NULL;
	struct inode *inode;
	unsigned long before;

	assert_errno(sim_fs_mount_opts("anon", 64, &o, &sb), 0);
	inode = anon_file(sb, 1);
	write_pages(inode, 0, NR_FILE);
	assert_int_equal(sim_fs_nr_cached(sb), NR_FILE);
	assert_int_equal(try_to_free_pages(GFP_KERNEL, 0), 0);
	assert_int_equal(sim_fs_reclaim(t->m, sim_nr_free_pages(t->m) + 64),
			 0);
	assert_int_equal(sim_page_cache_shrink(sb, NR_FILE), 0);
	assert_int_equal(fs_stats(sb).evictions, 0);
	assert_int_equal(fs_stats(sb).writebacks, 0);
	before = sim_nr_free_pages(t->m);
	assert_errno(sim_page_cache_truncate(inode, 0), 0);
	assert_int_equal(sim_nr_free_pages(t->m), before + NR_FILE);
	assert_int_equal(sim_fs_nr_cached(sb), 0);
	assert_int_equal(sim_fs_nr_cached(NULL), 0);
	assert_errno(sim_fs_unmount(sb), 0);
	F_CHECK();
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, fsw_setup, fsw_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mount_options),
		T(test_round_trip_frontswap),
		T(test_zram_fallback),
		T(test_recall_write_through),
		T(test_truncate_frees_slots),
		T(test_direct_reclaim),
		T(test_swap_full),
		T(test_no_swap_type),
		T(test_no_swap_unevictable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

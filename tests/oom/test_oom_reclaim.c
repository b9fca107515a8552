// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The fail-nth loop (oom.h) over reclaim: an explicit eviction, the
 * shrinker and background reclaim of a file page that goes to cleancache,
 * and the eviction of a swap-backed anonymous page that goes to
 * frontswap. Each evicts whatever fails: an allocation failure only loses
 * the store (benign by contract: the page is read from disk, or from the
 * swap device, at its refault), so every failure must leave cleancache as
 * it was, no object behind and every checker passing, and the page must
 * read back with its contents (checked when it is read in again before
 * the next try).
 *
 * A 1024-page machine with page data; a 64-page GCMA area "g" at the top
 * (cleancache's only pool):
 *
 *   0                                              960        1024
 *   |<------------- system memory ---------------->|   "g"    |
 *
 * Filesystem "disk": inode 1 of 64 pages, only page 5 cached, read twice
 * (an active, workingset page: what cleancache takes). Filesystem "anon"
 * (.anon, swapping through a write-back type of 64 slots): inode 1 of 64
 * pages, only page 3 cached and dirty.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>
#include "oom.h"

#define FILE_PAGE	5
#define ANON_PAGE	3

struct orc {
	struct test_machine tm;
	struct sim_machine *m;
	struct super_block *sb, *anon_sb;
	struct inode *file, *anon;
	int type;
};

static struct orc *T(void **state)
{
	return *state;
}

static int setup(void **state)
{
	static const struct sim_swap_config swap = {
		.nr_slots = 64, .policy = SIM_SWAP_WRITE_BACK,
	};
	struct sim_fs_options anon = { .anon = true, .swap = true };
	struct orc *t = calloc(1, sizeof(*t));
	unsigned long pfn;

	assert_non_null(t);
	t->m = test_machine_up(&t->tm, 1024, 0, SIM_DATA_PAGES);
	assert_errno(sim_memblock_alloc(t->m, 64, 64, "g", &pfn), 0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	assert_errno(gcma_register_area("g", pfn, 64), 0);
	assert_errno(sim_fs_mount("disk", 256, &t->sb), 0);
	assert_errno(sim_inode_create(t->sb, 1, 64 * PAGE_SIZE, &t->file), 0);
	t->type = sim_swapon(&swap);
	assert_true(t->type >= 0);
	anon.swap_type = t->type;
	assert_errno(sim_fs_mount_opts("anon", 256, &anon, &t->anon_sb), 0);
	assert_errno(sim_inode_create(t->anon_sb, 1, 64 * PAGE_SIZE,
				      &t->anon), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct orc *t = *state;

	assert_errno(sim_fs_unmount(t->anon_sb), 0);
	assert_errno(sim_swapoff(t->type), 0);
	assert_errno(sim_fs_unmount(t->sb), 0);
	test_machine_down(&t->tm);
	free(t);
	return 0;
}

/* ---- preparations: the page cached again, its contents checked ---------- */

/* Read page @index of @inode; -EIO if it does not hold what it must. */
static int read_checked(struct inode *inode, pgoff_t index)
{
	static uint8_t want[PAGE_SIZE];
	struct folio *folio;
	int ret = sim_page_cache_read(inode, index, &folio);

	if (ret)
		return ret;
	assert_errno(sim_page_expected(inode, index, want), 0);
	if (memcmp(folio_address(folio), want, PAGE_SIZE))
		ret = -EIO;
	folio_put(folio);
	return ret;
}

/* File page FILE_PAGE in the page cache, active (read twice). */
static int prep_file(void *arg)
{
	struct orc *t = arg;

	return read_checked(t->file, FILE_PAGE) ?:
	       read_checked(t->file, FILE_PAGE);
}

/* Anonymous page ANON_PAGE in the page cache and dirty. */
static int prep_anon(void *arg)
{
	struct orc *t = arg;

	if (!sim_page_cache_lookup(t->anon, ANON_PAGE) &&
	    read_checked(t->anon, ANON_PAGE))
		return -EIO;
	return sim_page_cache_write(t->anon, ANON_PAGE);
}

/* ---- operations --------------------------------------------------------- */

/* The call's work is done; was an allocation failed on the way? */
static int done(int ret)
{
	if (ret)
		return ret;
	return sim_fault_armed(sim_current_machine()) ? 0 : OOM_BENIGN;
}

static int op_evict(void *arg)
{
	struct orc *t = arg;

	return done(sim_page_cache_evict(t->file, FILE_PAGE));
}

static int op_shrink(void *arg)
{
	struct orc *t = arg;

	return done(sim_page_cache_shrink(t->sb, 1) == 1 ? 0 : -EIO);
}

static int op_reclaim(void *arg)
{
	struct orc *t = arg;
	unsigned long target = sim_nr_free_pages(t->m) + 1;

	return done(sim_fs_reclaim(t->m, target) == 1 ? 0 : -EIO);
}

static int op_evict_anon(void *arg)
{
	struct orc *t = arg;

	return done(sim_page_cache_evict(t->anon, ANON_PAGE));
}

/* ---- tests -------------------------------------------------------------- */

/* What an eviction changes besides the store it makes. */
#define EVICTION	(1u << SIM_DIGEST_MEMMAP | 1u << SIM_DIGEST_DATA | \
			 1u << SIM_DIGEST_PAGE_ALLOC | 1u << SIM_DIGEST_FS)

static void test_evict(void **state)
{
	struct orc *t = T(state);
	struct cleancache_stats s;

	assert_true(oom_loop_prepared(t->m, prep_file, op_evict, t, 0,
				      EVICTION) >= 2);
	assert_errno(cleancache_stats_get(&s), 0);
	assert_int_equal(s.stored, 1);
	/* The stored page comes back from cleancache, intact. */
	assert_errno(read_checked(t->file, FILE_PAGE), 0);
	assert_errno(cleancache_stats_get(&s), 0);
	assert_int_equal(s.restored, 1);
}

static void test_shrink(void **state)
{
	struct orc *t = T(state);

	assert_true(oom_loop_prepared(t->m, prep_file, op_shrink, t, 0,
				      EVICTION) >= 2);
}

static void test_reclaim(void **state)
{
	struct orc *t = T(state);

	assert_true(oom_loop_prepared(t->m, prep_file, op_reclaim, t, 0,
				      EVICTION) >= 2);
}

/*
 * A dirty anonymous page goes to its swap slot: the slot's allocation,
 * the device buffer and frontswap's store may each fail; the page then
 * goes to the device, or, without a slot, to the disk swap. frontswap's
 * part of the digest may move (a device copy), cleancache's may not.
 */
static void test_evict_anon(void **state)
{
	struct orc *t = T(state);
	struct sim_frontswap_stats s;

	assert_true(oom_loop_prepared(t->m, prep_anon, op_evict_anon, t, 0,
				      EVICTION | 1u << SIM_DIGEST_FRONTSWAP) >=
		    3);
	assert_errno(sim_frontswap_stats_get(&s), 0);
	assert_int_equal(s.stored, 1);
	assert_errno(prep_anon(t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_evict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shrink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reclaim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evict_anon, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The fail-nth loop (oom.h) over the simulation's filesystem, pins and
 * swap: mount, inode creation, page-cache read (miss), readahead, write,
 * truncation, pins (untimed, and timed: the expiry heap), swapon,
 * frontswap store and load, and sim_swap_out() (a store that fails is
 * absorbed by the device: the page must read back).
 *
 * A 1024-page machine with page data; a 64-page GCMA area "g" at the top
 * (cleancache's only pool, so frontswap's stores land there):
 *
 *   0                                              960        1024
 *   |<------------- system memory ---------------->|   "g"    |
 *
 * One filesystem (room for 256 page-cache folios, far from full), inode 1
 * of 64 pages with pages 0..7 in the page cache.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>
#include "oom.h"

struct of {
	struct test_machine tm;
	struct sim_machine *m;
	struct super_block *sb, *sb2;
	struct inode *inode, *inode2;
	struct folio *folio;
	struct sim_pin *pin;
	int type;
};

static struct of *T(void **state)
{
	return *state;
}

static int setup(void **state)
{
	struct of *t = calloc(1, sizeof(*t));
	unsigned long pfn;

	assert_non_null(t);
	t->m = test_machine_up(&t->tm, 1024, 0, SIM_DATA_PAGES);
	assert_errno(sim_memblock_alloc(t->m, 64, 64, "g", &pfn), 0);
	assert_errno(sim_machine_boot_done(t->m), 0);
	assert_errno(gcma_register_area("g", pfn, 64), 0);
	assert_errno(sim_fs_mount("disk", 256, &t->sb), 0);
	assert_errno(sim_inode_create(t->sb, 1, 64 * PAGE_SIZE, &t->inode),
		     0);
	for (pgoff_t i = 0; i < 8; i++)
		assert_errno(sim_page_cache_read(t->inode, i, NULL), 0);
	t->type = -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct of *t = *state;

	if (t->type >= 0)
		assert_errno(sim_swapoff(t->type), 0);
	if (t->folio)
		folio_put(t->folio);
	if (t->sb2)
		assert_errno(sim_fs_unmount(t->sb2), 0);
	assert_errno(sim_fs_unmount(t->sb), 0);
	test_machine_down(&t->tm);
	free(t);
	return 0;
}

/* ---- operations --------------------------------------------------------- */

static struct of *ARG(void *arg)
{
	return arg;
}

/* Did the call just made absorb the injected failure (return 0)? */
static bool absorbed(int ret)
{
	return !ret && !sim_fault_armed(sim_current_machine());
}

/*
 * A mount whose cleancache_add_fs() fails is mounted without cleancache,
 * as alloc_super() ignores that error: benign. It is unmounted again; the
 * device number it took is never reused (so the fs part moves).
 */
static int op_mount(void *arg)
{
	struct of *t = arg;
	int ret = sim_fs_mount("second", 16, &t->sb2);

	if (!absorbed(ret))
		return ret;
	assert_int_equal(t->sb2->cleancache_id, CLEANCACHE_ID_INVALID);
	assert_errno(sim_fs_unmount(t->sb2), 0);
	t->sb2 = NULL;
	return OOM_BENIGN;
}

static int op_inode_create(void *arg)
{
	struct of *t = arg;

	return sim_inode_create(t->sb, 2, 8 * PAGE_SIZE, &t->inode2);
}

static int op_read(void *arg)
{
	return sim_page_cache_read(ARG(arg)->inode, 40, NULL);
}

/* Readahead is best effort: it reads fewer pages when one fails. */
static int op_readahead(void *arg)
{
	int ret = sim_page_cache_readahead(ARG(arg)->inode, 16, 8);

	return absorbed(ret) ? OOM_BENIGN : ret;
}

static int op_write(void *arg)
{
	return sim_page_cache_write(ARG(arg)->inode, 50);
}

static int op_write_cached(void *arg)
{
	return sim_page_cache_write(ARG(arg)->inode, 3);
}

static int op_truncate(void *arg)
{
	return sim_page_cache_truncate(ARG(arg)->inode, 4 * PAGE_SIZE + 100);
}

static int op_pin(void *arg)
{
	struct of *t = arg;

	return sim_pin_folio(t->folio, SIM_PIN_VMSPLICE, 0, "oom", &t->pin);
}

/* The first timed pin also makes the expiry heap. */
static int op_pin_timed(void *arg)
{
	struct of *t = arg;

	return sim_pin_folio(t->folio, SIM_PIN_ODIRECT, 1000, "oom", NULL);
}

/*
 * Write-back: a store that cleancache cannot take fails with -ENOMEM (a
 * write-through type has the page on the device and returns 0).
 */
static int op_swapon(void *arg)
{
	static const struct sim_swap_config cfg = {
		.nr_slots = 16, .policy = SIM_SWAP_WRITE_BACK,
	};
	struct of *t = arg;
	int ret = sim_swapon(&cfg);

	if (ret < 0)
		return ret;
	t->type = ret;
	return 0;
}

static int op_frontswap_store(void *arg)
{
	struct of *t = arg;

	return frontswap_store((unsigned int)t->type, 3, t->folio);
}

static int op_frontswap_load(void *arg)
{
	struct of *t = arg;

	return frontswap_load((unsigned int)t->type, 3, t->folio);
}

/* Slot 5 empty again before each try. */
static int prep_swap_out(void *arg)
{
	struct of *t = arg;

	return sim_swap_free(t->type, 5);
}

/*
 * sim_swap_out() absorbs a store that fails by writing the device: the
 * page must read back through sim_swap_in() all the same (what the loop
 * could not check while it wanted the state unchanged).
 */
static int op_swap_out(void *arg)
{
	struct of *t = arg;
	struct folio *back;
	int ret = sim_swap_out(t->type, 5, t->folio);

	if (ret || sim_fault_armed(sim_current_machine()))
		return ret;
	back = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(back);
	ret = sim_swap_in(t->type, 5, back);
	if (!ret && memcmp(folio_address(back), folio_address(t->folio),
			   PAGE_SIZE))
		ret = -EIO;
	folio_put(back);
	return ret ?: OOM_BENIGN;
}

/* ---- tests -------------------------------------------------------------- */

static void test_mount_and_inode(void **state)
{
	struct of *t = T(state);

	assert_true(oom_loop_side_effects(t->m, op_mount, t, -ENOMEM,
					  1u << SIM_DIGEST_FS) >= 1);
	assert_true(oom_loop(t->m, op_inode_create, t, -ENOMEM) >= 1);
}

static void test_page_cache(void **state)
{
	struct of *t = T(state);

	assert_true(oom_loop(t->m, op_read, t, -ENOMEM) >= 1);
	/* The pages read before the failure stay read. */
	oom_loop_side_effects(t->m, op_readahead, t, -ENOMEM,
			      1u << SIM_DIGEST_MEMMAP | 1u << SIM_DIGEST_DATA |
			      1u << SIM_DIGEST_PAGE_ALLOC |
			      1u << SIM_DIGEST_FS);
	assert_true(oom_loop(t->m, op_write, t, -ENOMEM) >= 1);
	oom_loop(t->m, op_write_cached, t, -ENOMEM);
	oom_loop(t->m, op_truncate, t, -ENOMEM);
}

static void test_pin(void **state)
{
	struct of *t = T(state);

	/* A pin's bookkeeping fails as class SIM_FAULT_PIN. */
	assert_errno(sim_page_cache_read(t->inode, 2, &t->folio), 0);
	assert_int_equal(oom_loop(t->m, op_pin, t, -ENOMEM), 1);
	assert_errno(sim_unpin(t->pin), 0);
	assert_int_equal(oom_loop(t->m, op_pin_timed, t, -ENOMEM), 2);
}

static void test_swap(void **state)
{
	struct of *t = T(state);

	t->folio = folio_alloc(GFP_KERNEL, 0);
	assert_non_null(t->folio);
	assert_true(oom_loop(t->m, op_swapon, t, -ENOMEM) >= 1);
	/*
	 * Regression: a store that cleancache could not take kept the
	 * device buffer it had reserved for the slot (a live object the
	 * failed call left behind).
	 */
	assert_true(oom_loop(t->m, op_frontswap_store, t, -ENOMEM) >= 2);
	oom_loop(t->m, op_frontswap_load, t, -ENOMEM);
	/* Slot 3 gone, the type's cleancache inode is too: a store makes it. */
	assert_errno(frontswap_invalidate_page((unsigned int)t->type, 3), 0);
	memset(folio_address(t->folio), 0x5a, PAGE_SIZE);
	assert_true(oom_loop_prepared(t->m, prep_swap_out, op_swap_out, t,
				      -ENOMEM, 1u << SIM_DIGEST_FRONTSWAP) >=
		    2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mount_and_inode, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_page_cache, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swap, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

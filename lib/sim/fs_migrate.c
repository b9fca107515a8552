// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * What migration asks of the simulated page cache: the
 * address_space_operations of every inode of a simulated filesystem.
 *
 * A migrator (alloc_contig_range() in lib/mm/page_contig.c) finds an
 * in-use folio by pfn, takes a reference, and under rcu_read_lock() reads
 * its mapping and calls ->isolate_folio(). From then until
 * ->putback_folio() the folio is off its filesystem's LRU, holds the
 * isolation reference, and its inode is pinned (sim_inode_get(), with
 * the inode recorded in folio->private, which the page cache does not
 * otherwise use), so the inode outlives a truncation or eviction that
 * races with the migration.
 *
 * The reference a folio must have to be moved or reclaimed: one for the
 * page cache, one for the isolation. Any other reference (a pin from
 * sim_pin_folio(), a reader holding the folio) makes ->migrate_folio()
 * answer -EAGAIN and ->reclaim_folio() refuse, as folio_migrate_mapping()
 * and __remove_mapping() fail to freeze the expected count.
 *
 * A folio with buffer heads (PG_private, sim_bh_attach()) moves as
 * fallback_migrate_folio() moves one: written back first when dirty, its
 * buffers dropped (try_to_release_folio(), one SIM_COST_RECLAIM), then
 * copied; reclaim instead of migration refuses it. The time of a
 * migration's writeback is filed under the cause it stands for
 * (include/libgcma/hurdle.h): bufferhead, or writeback for a plain dirty
 * page-cache folio.
 */
#include "kernel/bug.h"
#include "kernel/highmem.h"
#include "kernel/port.h"
#include "sim/fs_internal.h"

/* Page cache + isolation. */
#define SIM_PC_EXPECTED_REFS	2

static struct sim_inode *sim_isolated_inode(const struct folio *folio)
{
	return folio->private;
}

/* Is @folio still the page-cache folio of @si at its index? */
static bool sim_pc_owns(struct sim_inode *si, struct folio *folio)
{
	return xa_load(&si->vfs.i_data.i_pages, folio->index) == folio;
}

/*
 * ->isolate_folio: the folio's mapping was read under RCU by the caller,
 * who also holds a reference, so the inode and its filesystem are still
 * there; PG_lru under the LRU lock says the folio is still in the cache.
 */
static bool sim_pc_isolate_folio(struct folio *folio)
{
	struct address_space *mapping = READ_ONCE(folio->mapping);
	struct sim_inode *si;
	struct sim_fs *fs;

	if (!mapping)
		return false;
	si = SIM_I(mapping->host);
	fs = SIM_FS(si->vfs.i_sb);
	sim_lock(&fs->lru_lock);
	if (!folio_test_lru(folio) || folio->mapping != mapping) {
		sim_unlock(&fs->lru_lock);
		return false;
	}
	list_del_init(&folio->lru);
	folio_clear_lru(folio);
	folio_get(folio);
	sim_inode_get(si);
	folio->private = si;
	sim_unlock(&fs->lru_lock);
	return true;
}

/* ->putback_folio: back on the LRU if still cached; end the isolation. */
static void sim_pc_putback_folio(struct folio *folio)
{
	struct sim_inode *si = sim_isolated_inode(folio);
	struct sim_fs *fs;

	if (WARN_ON(!si))
		return;
	fs = SIM_FS(si->vfs.i_sb);
	sim_lock(&si->lock);
	folio->private = NULL;
	if (sim_pc_owns(si, folio))
		sim_lru_add(fs, folio);
	sim_unlock(&si->lock);
	folio_put(folio);
	sim_inode_put(si);
}

/* ->reclaim_folio: drop a clean, unmapped, unpinned file folio. */
static bool sim_pc_reclaim_folio(struct folio *folio)
{
	struct sim_inode *si = sim_isolated_inode(folio);
	struct sim_fs *fs;
	bool done = false;

	if (WARN_ON(!si))
		return false;
	fs = SIM_FS(si->vfs.i_sb);
	if (fs->opts.anon || folio_test_private(folio))
		return false;
	sim_lock(&si->lock);
	if (sim_pc_owns(si, folio) && !folio_test_dirty(folio) &&
	    !folio_mapped(folio) && !folio_test_writeback(folio) &&
	    folio_ref_count(folio) == SIM_PC_EXPECTED_REFS) {
		sim_pc_evict_folio(fs, si, folio, true);
		sim_cost(SIM_COST_RECLAIM, 1);
		done = true;
	}
	sim_unlock(&si->lock);
	return done;
}

/* The page state a migrated folio carries over (folio_migrate_flags()). */
#define SIM_MIGRATE_FLAGS						\
	((1UL << PG_uptodate) | (1UL << PG_dirty) |			\
	 (1UL << PG_referenced) | (1UL << PG_active) |			\
	 (1UL << PG_workingset) | (1UL << PG_mappedtodisk) |		\
	 (1UL << PG_swapbacked) | (1UL << PG_mapped))

/* The thread's cost account's time so far. */
static uint64_t sim_account_ns(void)
{
	struct sim_cost_account a;

	sim_cost_account_get(&a);
	return a.ns;
}

/*
 * What must happen before @src, dirty or with buffers, can move in @mode:
 * write it back, drop its buffers, the time filed under its cause.
 * Return: 0, or -EAGAIN (MIGRATE_ASYNC does not wait for writeback).
 */
static int sim_pc_migrate_prepare(struct sim_fs *fs, struct folio *src,
				  enum migrate_mode mode)
{
	bool bh = folio_test_private(src);
	uint64_t start;

	if (!bh && (!folio_test_dirty(src) || fs->opts.migrate_dirty ||
		    fs->opts.anon))
		return 0;
	if (folio_test_dirty(src) && mode != MIGRATE_SYNC)
		return -EAGAIN;
	start = sim_account_ns();
	if (folio_test_dirty(src))
		sim_pc_writeback(fs, src, true);
	if (bh) {
		folio_clear_private(src);
		sim_cost(SIM_COST_RECLAIM, 1);
	}
	sim_hurdle_charge(bh ? SIM_CAUSE_BUFFERHEAD : SIM_CAUSE_WRITEBACK,
			  sim_account_ns() - start);
	return 0;
}

/*
 * ->migrate_folio: in MIGRATE_SYNC a dirty folio of a filesystem that does
 * not migrate dirty folios is written back first; MIGRATE_ASYNC skips it.
 */
static int sim_pc_migrate_folio(struct address_space *mapping,
				struct folio *dst, struct folio *src,
				enum migrate_mode mode)
{
	struct sim_inode *si = sim_isolated_inode(src);
	struct sim_fs *fs;
	unsigned long moved;
	void *old;
	int ret = 0;

	if (WARN_ON(!si || mapping != &si->vfs.i_data))
		return -EINVAL;
	fs = SIM_FS(si->vfs.i_sb);
	sim_lock(&si->lock);
	if (!sim_pc_owns(si, src)) {
		ret = -ENOENT;
		goto out;
	}
	if (folio_ref_count(src) != SIM_PC_EXPECTED_REFS) {
		ret = -EAGAIN;
		goto out;
	}
	ret = sim_pc_migrate_prepare(fs, src, mode);
	if (ret)
		goto out;
	if (folio_mapped(src))
		sim_cost(SIM_COST_PAGE_UNMAP, 1);
	copy_highpage((struct page *)dst, (struct page *)src);
	sim_cost(SIM_COST_PAGE_COPY, 1);
	sim_cost(SIM_COST_MIGRATE, 1);

	/*
	 * A pfn scanner (alloc_contig_range()) may hold a reference on
	 * either folio and read its flags and ->mapping: marked accesses.
	 */
	moved = READ_ONCE(src->flags) & SIM_MIGRATE_FLAGS;
	__atomic_fetch_or(&dst->flags, moved, __ATOMIC_RELAXED);
	WRITE_ONCE(dst->mapping, mapping);
	dst->index = src->index;
	/* Replacing a present entry never allocates. */
	old = xa_store(&mapping->i_pages, src->index, dst, GFP_KERNEL);
	WARN_ON(old != src);
	__atomic_fetch_and(&src->flags, ~moved, __ATOMIC_RELEASE);
	WRITE_ONCE(src->mapping, NULL);
	/* The new folio starts at the LRU head: its age is lost. */
	sim_lru_add(fs, dst);
	/* The page cache's reference moved to @dst. */
	folio_put(src);
out:
	sim_unlock(&si->lock);
	return ret;
}

const struct address_space_operations sim_pc_aops = {
	.isolate_folio = sim_pc_isolate_folio,
	.putback_folio = sim_pc_putback_folio,
	.reclaim_folio = sim_pc_reclaim_folio,
	.migrate_folio = sim_pc_migrate_folio,
};

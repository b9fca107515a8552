/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The simulated filesystem and page cache: what drives cleancache the way
 * a kernel filesystem does. The sim_fs_*, sim_inode_* and
 * sim_page_cache_* calls are the simulation's stand-ins for mount,
 * iget/evict, read, write, writeback, reclaim, truncate and readahead;
 * each calls the cleancache hooks where the kernel does. The kernel types
 * they pass are <libgcma/fs.h>'s.
 *
 * Page contents in data mode: a page read "from disk" is filled with a
 * pattern derived from (filesystem id, inode number, generation, index,
 * version), where the version changes on every write to that page and on
 * every truncation that cuts it. sim_page_expected()
 * recomputes it, so a test can tell a correct restore from a stale one.
 */
#ifndef _LIBGCMA_SIM_FS_H
#define _LIBGCMA_SIM_FS_H

#include <libgcma/fs.h>
#include <libgcma/page_alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

/**
 * struct sim_fs_stats - what the simulated filesystem did.
 * @reads: page reads requested.
 * @cache_hits: reads served by the page cache.
 * @cleancache_hits: reads served by cleancache_restore_folio().
 * @readahead_restored: pages restored by a readahead walk.
 * @disk_reads: pages read from "disk".
 * @writes: pages written (dirtied).
 * @writebacks: dirty pages written back.
 * @evictions: pages reclaimed from the page cache.
 * @refaults: reads of a page whose shadow entry was still present.
 * @workingset: refaults close enough to mark the folio workingset.
 * @swap_outs: dirty anonymous folios written to their swap type
 *	(sim_swap_out(): frontswap or the device); also counted in
 *	@writebacks.
 * @swap_ins: folios read back from their swap slot (sim_swap_in()).
 * @swap_full: dirty anonymous folios that found no swap slot (the type
 *	is full or off, or an allocation failed) and were written back as
 *	without a swap type (a lower-priority disk swap).
 */
struct sim_fs_stats {
	uint64_t reads;
	uint64_t cache_hits;
	uint64_t cleancache_hits;
	uint64_t readahead_restored;
	uint64_t disk_reads;
	uint64_t writes;
	uint64_t writebacks;
	uint64_t evictions;
	uint64_t refaults;
	uint64_t workingset;
	uint64_t swap_outs;
	uint64_t swap_ins;
	uint64_t swap_full;
};

/**
 * struct sim_fs_usage - what a filesystem's page cache holds now
 *	(sim_fs_get_usage()).
 * @cached: folios in the page cache.
 * @active: of those on the LRU, PG_active ones.
 * @dirty: of those on the LRU, dirty ones.
 * @mapped: of those on the LRU, mapped ones.
 */
struct sim_fs_usage {
	unsigned long cached;
	unsigned long active;
	unsigned long dirty;
	unsigned long mapped;
};

/**
 * struct sim_fs_options - how a simulated filesystem behaves.
 * @anon: swap-backed memory standing for anonymous pages (tmpfs-like):
 *	no cleancache, every page written is dirty, swap-backed and mapped;
 *	reclaim writes it to "swap" (a writeback) before dropping it.
 * @migrate_dirty: migration moves dirty folios as they are (the kernel's
 *	filemap_migrate_folio()); when false, a dirty folio is written back
 *	first (fallback_migrate_folio() in MIGRATE_SYNC).
 * @mapped: every page-cache folio is mapped into a process (mmap'd files:
 *	migration pays the unmap and remap).
 * @swap: with @anon, the pages swap through swap type @swap_type (the
 *	frontswap-like client, <libgcma/frontswap.h>) instead of the plain
 *	writeback: eviction of a dirty folio is sim_swap_out() to a slot
 *	the filesystem allocates, a refault is sim_swap_in(), truncation,
 *	inode eviction and a write free the slot (sim_swap_free()).
 *	False (the default): no swap type.
 * @swap_type: the type, from sim_swapon(); used only with @swap. One
 *	mounted filesystem per type (it allocates the type's slots).
 * @no_swap: with @anon and without @swap, a machine with no swap at all:
 *	reclaim never evicts the pages (the kernel scans no anonymous LRU
 *	without swap space); truncation and inode eviction free them.
 */
struct sim_fs_options {
	bool anon;
	bool migrate_dirty;
	bool mapped;
	bool swap;
	int swap_type;
	bool no_swap;
};

LIBGCMA_API int sim_fs_mount(const char *name, unsigned long cache_pages,
			     struct super_block **sb_out);
LIBGCMA_API int sim_fs_mount_opts(const char *name, unsigned long cache_pages,
				  const struct sim_fs_options *opts,
				  struct super_block **sb_out);
LIBGCMA_API int sim_fs_unmount(struct super_block *sb);
LIBGCMA_API int sim_fs_get_stats(const struct super_block *sb,
				 struct sim_fs_stats *out);
LIBGCMA_API int sim_fs_get_usage(const struct super_block *sb,
				 struct sim_fs_usage *out);
LIBGCMA_API unsigned long sim_fs_nr_cached(const struct super_block *sb);

LIBGCMA_API int sim_inode_create(struct super_block *sb, unsigned long ino,
				 int64_t size, struct inode **inode_out);
LIBGCMA_API int sim_inode_evict(struct inode *inode);

LIBGCMA_API int sim_page_cache_read(struct inode *inode, pgoff_t index,
				    struct folio **folio_out);
LIBGCMA_API int sim_page_cache_readahead(struct inode *inode, pgoff_t index,
					 unsigned long nr_pages);
LIBGCMA_API int sim_page_cache_write(struct inode *inode, pgoff_t index);
LIBGCMA_API int sim_page_cache_writeback(struct inode *inode, pgoff_t index);
LIBGCMA_API int sim_page_cache_evict(struct inode *inode, pgoff_t index);
LIBGCMA_API unsigned long sim_page_cache_shrink(struct super_block *sb,
						unsigned long nr_pages);
LIBGCMA_API unsigned long sim_fs_reclaim(struct sim_machine *m,
					 unsigned long free_target);
LIBGCMA_API int sim_page_cache_truncate(struct inode *inode, int64_t new_size);
LIBGCMA_API struct folio *sim_page_cache_lookup(struct inode *inode,
						pgoff_t index);
LIBGCMA_API struct folio *sim_page_cache_get(struct inode *inode,
					     pgoff_t index);
LIBGCMA_API int sim_page_expected(const struct inode *inode, pgoff_t index,
				  void *buf);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_SIM_FS_H */

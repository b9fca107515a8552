/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The simulated filesystem and page cache: what drives cleancache the way
 * a kernel filesystem does.
 *
 * struct super_block, struct inode and struct address_space carry the
 * kernel's names and the fields the modelled code reads. The sim_fs_*,
 * sim_inode_* and sim_page_cache_* calls are the simulation's stand-ins
 * for mount, iget/evict, read, write, writeback, reclaim, truncate and
 * readahead; each calls the cleancache hooks where the kernel does.
 *
 * Page contents in data mode: a page read "from disk" is filled with a
 * pattern derived from (filesystem id, inode number, generation, index,
 * version), where the version changes on every write to that page and on
 * every truncation that cuts it. sim_page_expected()
 * recomputes it, so a test can tell a correct restore from a stale one.
 */
#ifndef _LIBGCMA_FS_H
#define _LIBGCMA_FS_H

#include <libgcma/folio.h>
#include <libgcma/page_alloc.h>
#include <libgcma/xarray.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;
struct sim_fs;
struct address_space;

/* How hard migration may try (the kernel's enum migrate_mode). */
enum migrate_mode {
	MIGRATE_ASYNC,		/* never block: skip dirty or locked folios */
	MIGRATE_SYNC_LIGHT,	/* may block, but not on writeback */
	MIGRATE_SYNC,		/* may write back and wait: what CMA uses */
};

/**
 * struct address_space_operations - what migration asks of a folio's owner.
 * @isolate_folio: take @folio, which was on its owner's LRU, off it with
 *	one more reference, and keep its owner alive until @putback_folio.
 *	False when the folio is not on an LRU (any more).
 * @putback_folio: end an isolation: a folio still owned goes back on the
 *	LRU; the isolation reference is dropped either way.
 * @reclaim_folio: for an isolated folio that is clean, unmapped, not
 *	under writeback and referenced only by its owner and the isolation,
 *	drop it from its owner (reclaim_clean_pages_from_list()); false,
 *	with nothing done, for any other folio.
 * @migrate_folio: move isolated @src's contents, state and place in the
 *	owner to @dst (a new order-0 folio with refcount 1, which becomes the
 *	owner's reference). 0: @dst took over and @src holds only the
 *	isolation reference; -EAGAIN: @src has references besides its
 *	owner's and the isolation's (pinned or in use), nothing done;
 *	-ENOENT: @src left its owner meanwhile (its last reference is the
 *	isolation's), @dst unused.
 *
 * In the kernel the LRU is generic and only @migrate_folio belongs to the
 * mapping; here each owner keeps its own LRU, so isolation and putback are
 * the owner's too (docs/cma.md).
 */
struct address_space_operations {
	bool (*isolate_folio)(struct folio *folio);
	void (*putback_folio)(struct folio *folio);
	bool (*reclaim_folio)(struct folio *folio);
	int (*migrate_folio)(struct address_space *mapping, struct folio *dst,
			     struct folio *src, enum migrate_mode mode);
};

/**
 * struct address_space - the page cache of one inode.
 * @host: the owning inode.
 * @i_pages: index -> folio, or a value entry (shadow) left by reclaim.
 * @nrpages: folios in the cache.
 * @a_ops: how migration moves the cache's folios.
 */
struct address_space {
	struct inode *host;
	struct xarray i_pages;
	unsigned long nrpages;
	const struct address_space_operations *a_ops;
};

/**
 * struct super_block - one mounted filesystem.
 * @cleancache_id: id from cleancache_add_fs(), or CLEANCACHE_ID_INVALID.
 * @s_id: name.
 * @s_dev: device number, unique per machine.
 * @s_fs: simulation bookkeeping.
 */
struct super_block {
	int cleancache_id;
	char s_id[32];
	unsigned long s_dev;
	struct sim_fs *s_fs;
};

/**
 * struct inode - one file.
 * @i_ino: inode number; may be reused after the inode is evicted.
 * @i_generation: bumped each time @i_ino is reused.
 * @i_size: size in bytes.
 * @i_sb: its filesystem.
 * @i_mapping: its page cache (&@i_data).
 * @i_data: the page cache.
 * @i_sb_list: its place on its filesystem's list of live inodes
 *	(the kernel's sb->s_inodes).
 */
struct inode {
	unsigned long i_ino;
	uint32_t i_generation;
	int64_t i_size;
	struct super_block *i_sb;
	struct address_space *i_mapping;
	struct address_space i_data;
	struct list_head i_sb_list;
};

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
 */
struct sim_fs_options {
	bool anon;
	bool migrate_dirty;
	bool mapped;
	bool swap;
	int swap_type;
};

LIBGCMA_API int sim_fs_mount(const char *name, unsigned long cache_pages,
			     struct super_block **sb_out);
LIBGCMA_API int sim_fs_mount_opts(const char *name, unsigned long cache_pages,
				  const struct sim_fs_options *opts,
				  struct super_block **sb_out);
LIBGCMA_API int sim_fs_unmount(struct super_block *sb);
LIBGCMA_API int sim_fs_get_stats(const struct super_block *sb,
				 struct sim_fs_stats *out);

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

#endif /* _LIBGCMA_FS_H */

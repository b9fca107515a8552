/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The filesystem types the modelled code reads: struct super_block,
 * struct inode, struct address_space and its operations, with the
 * kernel's names and the fields cleancache, GCMA and
 * alloc_contig_range() use. The simulated filesystem that fills them in
 * (mount, page cache, reclaim) is <libgcma/sim_fs.h>.
 */
#ifndef _LIBGCMA_FS_H
#define _LIBGCMA_FS_H

#include <libgcma/folio.h>
#include <libgcma/page_alloc.h>
#include <libgcma/xarray.h>

#ifdef __cplusplus
extern "C" {
#endif

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
 * @s_fs_info: the filesystem's private data (the kernel's field; the
 *	simulated filesystem keeps its struct sim_fs there).
 */
struct super_block {
	int cleancache_id;
	char s_id[32];
	unsigned long s_dev;
	void *s_fs_info;
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

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_FS_H */

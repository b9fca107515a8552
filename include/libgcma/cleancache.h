/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * cleancache: a victim cache for clean file-backed folios, kept in folios
 * that backends (GCMA) donate and may take back at any time, with
 * guaranteed success. The 2025 series' API and v2 semantics, with the
 * fixes listed in docs/cleancache.md.
 *
 * Every call acts on the cleancache of the machine the calling thread is
 * attached to. Frontend calls are made by the (simulated) filesystem and
 * page cache; backend calls by donors. Statistics, the invariant checker
 * and the sysfs-like dump are simulation additions.
 */
#ifndef _LIBGCMA_CLEANCACHE_H
#define _LIBGCMA_CLEANCACHE_H

#include <stdio.h>
#include <libgcma/folio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A kernel port (docs/porting.md) exports nothing: the mark goes empty. */
#ifndef LIBGCMA_API
#define LIBGCMA_API
#endif

struct super_block;
struct inode;
struct cleancache_inode;

#define CLEANCACHE_ID_INVALID	(-1)
#define CLEANCACHE_MAX_POOLS	64
#define CLEANCACHE_POOL_NAME_LEN	32

/* Frontend: the filesystem and page-cache hooks. */
LIBGCMA_API int cleancache_add_fs(struct super_block *sb);
LIBGCMA_API void cleancache_remove_fs(struct super_block *sb);
LIBGCMA_API bool cleancache_store_folio(struct inode *inode,
					struct folio *folio);
LIBGCMA_API bool cleancache_restore_folio(struct inode *inode,
					  struct folio *folio);
LIBGCMA_API bool cleancache_invalidate_folio(struct inode *inode,
					     struct folio *folio);
LIBGCMA_API bool cleancache_invalidate_inode(struct inode *inode);
LIBGCMA_API struct cleancache_inode *
cleancache_start_inode_walk(struct inode *inode, unsigned long count);
LIBGCMA_API void cleancache_end_inode_walk(struct cleancache_inode *ccinode);
LIBGCMA_API bool cleancache_restore_from_inode(struct cleancache_inode *ccinode,
					       struct folio *folio);

/* Backend: donors. */
LIBGCMA_API int cleancache_backend_register_pool(const char *name);
LIBGCMA_API int cleancache_backend_get_folio(int pool_id, struct folio *folio);
LIBGCMA_API int cleancache_backend_put_folio(int pool_id, struct folio *folio);
LIBGCMA_API int cleancache_backend_put_folios(int pool_id,
					      struct list_head *folios);
LIBGCMA_API int cleancache_backend_get_range(int pool_id,
					     unsigned long start_pfn,
					     unsigned long nr);
LIBGCMA_API int cleancache_backend_put_range(int pool_id,
					     unsigned long start_pfn,
					     unsigned long nr);

/**
 * struct cleancache_pool_stats - /sys/kernel/mm/cleancache/<pool>/.
 * @name: the pool's name.
 * @size: donated folios the pool owns now (+put, -get).
 * @cached: of those, folios holding cached data.
 * @recalled: cached folios taken back by the backend, ever.
 */
struct cleancache_pool_stats {
	char name[CLEANCACHE_POOL_NAME_LEN];
	uint64_t size;
	uint64_t cached;
	uint64_t recalled;
};

/**
 * struct cleancache_stats - /sys/kernel/mm/cleancache/.
 * @stored: stores into a new slot.
 * @skipped: store calls that stored nothing (as documented, not as v2
 *	counts them).
 * @restored: restore hits (restore_folio and restore_from_inode).
 * @missed: restore misses, plus the count of a walk that found no inode.
 * @reclaimed: entries dropped by LRU eviction or by a non-workingset store.
 * @recalled: cached folios taken back by a backend.
 * @invalidated: entries dropped by invalidate_folio/inode and remove_fs.
 * @cached: stored - (invalidated + reclaimed + recalled), always.
 * @nr_pools: registered pools.
 * @pools: per-pool figures, @nr_pools of them.
 */
struct cleancache_stats {
	uint64_t stored;
	uint64_t skipped;
	uint64_t restored;
	uint64_t missed;
	uint64_t reclaimed;
	uint64_t recalled;
	uint64_t invalidated;
	uint64_t cached;
	int nr_pools;
	struct cleancache_pool_stats pools[CLEANCACHE_MAX_POOLS];
};

LIBGCMA_API int cleancache_stats_get(struct cleancache_stats *out);
LIBGCMA_API int cleancache_pool_stats_get(int pool_id,
					  struct cleancache_pool_stats *out);
#ifndef __KERNEL__	/* the libgcma API only; a kernel has its sysfs files */
LIBGCMA_API int cleancache_stats_show(FILE *out);
#endif
LIBGCMA_API int cleancache_check(void);
LIBGCMA_API int cleancache_check_pfns(const unsigned long *pfns,
				      unsigned long nr);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_CLEANCACHE_H */

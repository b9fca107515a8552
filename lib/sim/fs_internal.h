/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The simulated filesystem's internals, shared by lib/sim/fs.c (the page
 * cache) and lib/sim/fs_migrate.c (what migration asks of it).
 */
#ifndef _SIM_FS_INTERNAL_H
#define _SIM_FS_INTERNAL_H

#include "kernel/rcupdate.h"
#include "sim/sim_internal.h"
#include "sim/sim_lock.h"

/**
 * struct sim_fs_state - the filesystems of one machine.
 * @lock: protects @mounts and @next_dev.
 * @mounts: mounted filesystems (sim_fs.mount_node).
 * @last_dev: the latest device number handed out; numbers are never reused.
 * @reclaim_rounds: reclaim rounds so far (atomic): which of them also scan
 *	anonymous memory.
 * @noswap: reclaim leaves anonymous memory alone (no swap at all:
 *	sim_hurdle_set_noswap()).
 */
struct sim_fs_state {
	struct sim_lock lock;
	struct list_head mounts;
	unsigned long last_dev;
	unsigned long reclaim_rounds;
	bool noswap;
};

/**
 * struct sim_fs - one mounted filesystem.
 * @sb: the superblock the API hands out (@sb.s_fs_info points back here).
 * @m: the machine it lives on.
 * @mount_node: on the machine's list of mounts.
 * @lock: protects @inodes, @inode_list and @nr_inodes.
 * @inodes: i_ino -> the live struct inode, or, for an inode number not
 *	live now, a value entry holding the generation its next inode gets
 *	(the per-sb generation map).
 * @inode_list: live inodes (inode.i_sb_list).
 * @nr_inodes: live inodes.
 * @capacity: page-cache folios the filesystem may hold.
 * @nr_cached: page-cache folios it holds (atomic).
 * @lru_lock: protects @lru and PG_lru of the folios on it.
 * @lru: the filesystem's page-cache LRU, most recently used first.
 * @nonresident_age: evictions so far (atomic); the clock of shadow entries.
 * @stats: counters (atomic).
 * @opts: how it behaves (sim_fs_mount_opts()).
 * @io_busy_until: virtual time until which the device is busy with
 *	queued writes (atomic; sim_pc_writeback()).
 * @swap_slots: with @opts.swap, the slot allocator of the swap type
 *	(XA_FLAGS_ALLOC): slot -> the struct sim_inode using it, lowest free
 *	slot first (lib/sim/fs_swap.c).
 */
struct sim_fs {
	struct super_block sb;
	struct sim_machine *m;
	struct list_head mount_node;

	struct sim_lock lock;
	struct xarray inodes;
	struct list_head inode_list;
	unsigned long nr_inodes;

	unsigned long capacity;
	unsigned long nr_cached;
	struct sim_lock lru_lock;
	struct list_head lru;
	unsigned long nonresident_age;

	struct sim_fs_stats stats;
	struct sim_fs_options opts;
	uint64_t io_busy_until;
	struct xarray swap_slots;
};

/**
 * struct sim_trunc - indices cut off by a truncation.
 * @next: the next record, with a higher @start.
 * @start: first index cut off.
 * @version: version pages at and above @start have had since.
 */
struct sim_trunc {
	struct sim_trunc *next;
	pgoff_t start;
	unsigned long version;
};

/**
 * struct sim_inode - an inode and its simulation state.
 * @vfs: what the API hands out.
 * @lock: serialises changes to the page cache, @versions, @truncs,
 *	@clock and i_size.
 * @refs: references: one while live, one per reclaimer working on one of
 *	its folios (atomic). The last one frees the inode.
 * @dead: evicted; its page cache is empty and stays empty.
 * @inserts: folios put into the page cache (sim_pc_insert()), ever: a
 *	miss that dropped @lock to allocate looks again only if this moved
 *	(nothing else puts a folio into an empty or shadow slot).
 * @clock: the latest version handed out.
 * @versions: index -> value entry: the version of a page written (or
 *	about to be written) since it was last cut off.
 * @truncs: truncation records, ascending @start and @version.
 * @swap: with a swap type (sim_fs_options.swap), index -> value entry:
 *	the swap slot holding the page (swapped out, or read back clean and
 *	still valid there, as the kernel's swap cache keeps it).
 * @rcu: the last reference frees the inode after a grace period, so a
 *	migrator that read a folio's mapping under RCU may still look at it.
 *
 * A page's version is its @versions entry if there is one, else the
 * version of the last truncation record at or below its index, else 0.
 * Every write and every truncation takes a new version from @clock, so a
 * page's contents, which the version feeds, never repeat.
 */
struct sim_inode {
	struct inode vfs;
	struct sim_lock lock;
	int refs;
	bool dead;
	unsigned long inserts;
	unsigned long clock;
	struct xarray versions;
	struct sim_trunc *truncs;
	struct xarray swap;
	struct rcu_head rcu;
};

#define fs_stat_inc(fs, field) \
	__atomic_fetch_add(&(fs)->stats.field, 1, __ATOMIC_RELAXED)

static inline struct sim_inode *SIM_I(const struct inode *inode)
{
	return container_of(inode, struct sim_inode, vfs);
}

static inline struct sim_fs *SIM_FS(const struct super_block *sb)
{
	return sb->s_fs_info;
}

/* lib/sim/fs.c, for fs_migrate.c: see the definitions. */
void sim_inode_get(struct sim_inode *si);
void sim_inode_put(struct sim_inode *si);
void sim_lru_add(struct sim_fs *fs, struct folio *folio);
void sim_pc_writeback(struct sim_fs *fs, struct folio *folio, bool sync);
void sim_pc_evict_folio(struct sim_fs *fs, struct sim_inode *si,
			struct folio *folio, bool sync);

/* lib/sim/fs_swap.c: anonymous pages through a swap type. */
bool sim_fs_swap_out(struct sim_fs *fs, struct sim_inode *si,
		     struct folio *folio);
bool sim_fs_swap_in(struct sim_fs *fs, struct sim_inode *si,
		    struct folio *folio);
void sim_fs_swap_free(struct sim_fs *fs, struct sim_inode *si, pgoff_t start,
		      pgoff_t end);
int sim_fs_swap_check_opts(struct sim_fs_state *state,
			   const struct sim_fs_options *opts);

int sim_pc_find_locked(struct inode *inode, pgoff_t index,
		       struct sim_fs **fsp, struct folio **foliop);

/* lib/sim/fs_migrate.c: the page cache's address_space_operations. */
extern const struct address_space_operations sim_pc_aops;

#endif /* _SIM_FS_INTERNAL_H */

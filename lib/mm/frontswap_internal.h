/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The frontswap-like client's internals, shared by frontswap.c (the
 * kernel API and the recall policies) and frontswap_check.c (checker,
 * stats), and by the simulated swap devices above the core
 * (lib/sim/swapdev.c), which frontswap reaches only through the
 * struct frontswap_device_ops a swap type is switched on with.
 *
 * A swap type is a second kind of cleancache "inode": each type embeds a
 * superblock registered with cleancache_add_fs_owned() and one inode on
 * it; the swap offset is the cleancache index. Where a slot's data is
 * lives in one byte per slot (FSW_*), under the machine's frontswap lock.
 *
 * Lock order: a cleancache inode's xa_lock (held when the recall
 * callback runs) -> struct frontswap's lock. Nothing calls cleancache with
 * the frontswap lock held.
 */
#ifndef _MM_FRONTSWAP_INTERNAL_H
#define _MM_FRONTSWAP_INTERNAL_H

#include <libgcma/frontswap.h>
#include <libgcma/fs.h>
#include "kernel/kernel.h"
#include "kernel/spinlock.h"

/* Per-slot bits. */
#define FSW_FRONT	0x01	/* a donated folio holds the data */
#define FSW_DEVICE	0x02	/* the swap device holds it */
#define FSW_SWAPCACHE	0x04	/* a put-back system page holds it */
#define FSW_STORING	0x08	/* a store is inside cleancache */
#define FSW_RECALLED	0x10	/* a recall overtook that store */

#define FSW_DEFAULT_RATIO	50	/* percent of the GCMA areas */
#define FSW_DEFAULT_ZRAM_PCT	33

struct frontswap;
struct frontswap_type;

/**
 * struct frontswap_device_ops - the swap device behind a swap type, as
 * the swap code above frontswap provides it (the kernel's block device
 * or zram behind a swap_info_struct).
 * @write: write @folio's data to slot @offset of the device; cannot fail
 *	(@reserve made room). Called with the frontswap lock held, also
 *	from a recall.
 * @reserve: make room on the device for slot @offset before a store;
 *	process context, may allocate. Return: 0 or -ENOMEM.
 * @pages_target: system pages the device should hold now (a zram-like
 *	device's; 0 for a disk). Frontswap lock held.
 */
struct frontswap_device_ops {
	void (*write)(struct frontswap *fsw, struct frontswap_type *t,
		      pgoff_t offset, const struct folio *folio);
	int (*reserve)(struct frontswap_type *t, pgoff_t offset,
		       const struct folio *folio);
	unsigned long (*pages_target)(const struct frontswap_type *t);
};

/**
 * struct frontswap_type_config - a swap type's configuration.
 * @nr_slots: swap slots (offsets 0 .. @nr_slots - 1).
 * @policy: what a recall does with the type's swap data.
 * @exclusive_loads: a load that hits drops frontswap's copy.
 * @device: the kind of device, the device's own (the core never reads
 *	it; the swap device behind @dev_ops does).
 * @zram_pct: the device's compression ratio, likewise.
 */
struct frontswap_type_config {
	unsigned long nr_slots;
	enum frontswap_policy policy;
	bool exclusive_loads;
	unsigned int device;
	unsigned int zram_pct;
};

/**
 * struct frontswap_type - one swap type (device).
 * @active: between sim_swapon() and sim_swapoff().
 * @sb: the superblock registered with cleancache for this type.
 * @inode: the type's one cleancache inode; the index is the offset.
 * @cfg: the configuration, defaults filled in.
 * @dev_ops: the device, set by whoever switched the type on.
 * @slot: FSW_* bits per slot.
 * @data: per slot, the device's copy in data mode (PAGE_SIZE, kmalloc);
 *	reserved at store so that a recall never allocates for it.
 * @swapcache: per slot, the put-back system page, or NULL.
 * @nr_front: slots with FSW_FRONT.
 * @nr_device: slots with FSW_DEVICE.
 * @nr_swapcache: slots with FSW_SWAPCACHE.
 * @zram_list: the system pages a zram-like device holds (folio->lru).
 * @zram_held: how many.
 */
struct frontswap_type {
	bool active;
	struct super_block sb;
	struct inode inode;
	struct frontswap_type_config cfg;
	const struct frontswap_device_ops *dev_ops;
	unsigned char *slot;
	void **data;
	struct folio **swapcache;
	unsigned long nr_front;
	unsigned long nr_device;
	unsigned long nr_swapcache;
	struct list_head zram_list;
	unsigned long zram_held;
};

/* The swap client's counters (what sim_frontswap_stats_get() reports). */
enum frontswap_stat_item {
	FSW_STAT_STORES,
	FSW_STAT_STORE_REFUSED,
	FSW_STAT_STORE_FAILED,
	FSW_STAT_LOADS,
	FSW_STAT_LOAD_MISSES,
	FSW_STAT_INVALIDATES,
	FSW_STAT_RECALLS,
	FSW_STAT_RECALL_DROPPED,
	FSW_STAT_RECALL_WRITTEN,
	FSW_STAT_RECALL_PUT_BACK,
	FSW_STAT_DEVICE_WRITES,
	FSW_STAT_DEVICE_READS,
	FSW_STAT_SWAPCACHE_HITS,
	FSW_STAT_NR,
};

/**
 * struct frontswap - one machine's swap client (machine_local).
 * @swapon_lock: serialises sim_swapon() and sim_swapoff().
 * @lock: protects everything below and every type's slots and counts.
 * @ratio: percent of the GCMA areas' size frontswap may hold.
 * @nr_front: slots frontswap holds, all types.
 * @types: the swap types.
 * @stats: counters, enum frontswap_stat_item.
 */
struct frontswap {
	struct mutex swapon_lock;
	spinlock_t lock;
	unsigned int ratio;
	unsigned long nr_front;
	struct frontswap_type types[FRONTSWAP_MAX_TYPES];
	uint64_t stats[FSW_STAT_NR];
};

struct frontswap *frontswap_get_state(void);
unsigned long frontswap_limit(struct frontswap *fsw);
struct frontswap_type *frontswap_type_get(struct frontswap *fsw, long type);
void frontswap_type_free(struct frontswap_type *t);
int frontswap_resolve(long type, pgoff_t offset, const struct folio *folio,
		      bool needs_folio, struct frontswap **fswp,
		      struct frontswap_type **tp);
void frontswap_owner_register(struct frontswap_type *t);
bool frontswap_data_mode(const struct folio *folio);

/* System pages @t's device should hold now; 0 without a device. */
static inline unsigned long
frontswap_device_pages_target(const struct frontswap_type *t)
{
	return t->dev_ops ? t->dev_ops->pages_target(t) : 0;
}

#endif /* _MM_FRONTSWAP_INTERNAL_H */

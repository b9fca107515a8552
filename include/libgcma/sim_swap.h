/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The simulated swap around the frontswap-like client (kernel names in
 * <libgcma/frontswap.h>): the swap device a swap type stands for
 * (sim_swapon(): a disk, or a zram-like compressed device in system
 * memory), the swap-out/swap-in/slot-free path that calls frontswap where
 * the kernel does, the discard policy applied when GCMA takes a folio
 * holding swap data back, the cleancache:frontswap ratio and statistics.
 *
 * Every call acts on the machine the calling thread is attached to.
 */
#ifndef _LIBGCMA_SIM_SWAP_H
#define _LIBGCMA_SIM_SWAP_H

#include <libgcma/frontswap.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Swap types (devices) one machine may have on at once. */
#define SIM_MAX_SWAPFILES	FRONTSWAP_MAX_TYPES

/*
 * The most slots a swap type may have (sim_swapon()): 2^28, 1 TiB of swap,
 * whose per-slot tables (17 bytes a slot) stay under 5 GiB.
 */
#define SIM_SWAP_MAX_SLOTS	(1UL << 28)

/**
 * enum sim_swap_policy - a swap type's recall policy, as sim_swapon()
 *	takes it: the core's enum frontswap_policy (<libgcma/frontswap.h>),
 *	value for value.
 */
enum sim_swap_policy {
	SIM_SWAP_WRITE_THROUGH = FRONTSWAP_WRITE_THROUGH,
	SIM_SWAP_WRITE_BACK = FRONTSWAP_WRITE_BACK,
	SIM_SWAP_PUT_BACK = FRONTSWAP_PUT_BACK,
	SIM_SWAP_NR_POLICIES = FRONTSWAP_NR_POLICIES,
};
/**
 * enum sim_swap_device - the kind of device behind a swap type.
 * @SIM_SWAP_DISK: a slow disk: swap_write / swap_read cost events.
 * @SIM_SWAP_ZRAM: a zram-like compressed device: zram_write / zram_read
 *	cost events, and its compressed pages are system pages taken from
 *	the page allocator.
 */
enum sim_swap_device {
	SIM_SWAP_DISK,
	SIM_SWAP_ZRAM,
};

/**
 * struct sim_swap_config - one swap type.
 * @nr_slots: swap slots (offsets 0 .. @nr_slots - 1), at least 1.
 * @device: the device kind.
 * @zram_pct: for SIM_SWAP_ZRAM, a compressed page's size in percent of a
 *	page (1..100; 0 means the default, 33: LZO's typical 3:1). The
 *	device holds DIV_ROUND_UP(pages stored * @zram_pct, 100) system
 *	pages. Ignored for a disk.
 * @policy: the discard policy on recall.
 * @exclusive_loads: a frontswap hit drops the cached copy (the 2013
 *	"exclusive gets"); by default the copy stays until the slot is freed.
 */
struct sim_swap_config {
	unsigned long nr_slots;
	enum sim_swap_device device;
	unsigned int zram_pct;
	enum sim_swap_policy policy;
	bool exclusive_loads;
};

/**
 * struct sim_frontswap_stats - what the swap client did (all types).
 * @stores: frontswap stores that kept the page.
 * @store_refused: stores refused by the ratio bound.
 * @store_failed: stores cleancache could not take (no free folio and no
 *	clean entry to evict, an allocation failure) or a recall overtook.
 * @loads: frontswap loads that hit.
 * @load_misses: frontswap loads of a slot frontswap does not hold.
 * @invalidates: slots frontswap held, dropped by invalidation.
 * @recalls: folios with swap data GCMA took back.
 * @recall_dropped: of those, dropped (write-through, or overtaken).
 * @recall_written: of those, written to the device (write-back, and
 *	put-back that found no page).
 * @recall_put_back: of those, moved to the swap cache.
 * @device_writes: pages written to a swap device.
 * @device_reads: pages read from a swap device.
 * @swapcache_hits: sim_swap_in() calls served by the swap cache.
 * @stored: slots frontswap holds now.
 * @limit: the most it may hold (the ratio of the GCMA areas' size).
 * @device_pages: slots a device holds now.
 * @swapcache_pages: swap-cache pages now.
 * @zram_pages: system pages zram-like devices hold now.
 * @zram_short: system pages they should hold but could not allocate.
 */
struct sim_frontswap_stats {
	uint64_t stores;
	uint64_t store_refused;
	uint64_t store_failed;
	uint64_t loads;
	uint64_t load_misses;
	uint64_t invalidates;
	uint64_t recalls;
	uint64_t recall_dropped;
	uint64_t recall_written;
	uint64_t recall_put_back;
	uint64_t device_writes;
	uint64_t device_reads;
	uint64_t swapcache_hits;
	unsigned long stored;
	unsigned long limit;
	unsigned long device_pages;
	unsigned long swapcache_pages;
	unsigned long zram_pages;
	unsigned long zram_short;
};

/* Simulation: the swap devices and the swap path around frontswap. */
LIBGCMA_API int sim_swapon(const struct sim_swap_config *cfg);
LIBGCMA_API int sim_swapoff(int type);
LIBGCMA_API int sim_swap_out(int type, pgoff_t offset, struct folio *folio);
LIBGCMA_API int sim_swap_in(int type, pgoff_t offset, struct folio *folio);
LIBGCMA_API int sim_swap_free(int type, pgoff_t offset);
LIBGCMA_API int sim_frontswap_set_ratio(unsigned int percent);
LIBGCMA_API int sim_frontswap_get_ratio(void);
LIBGCMA_API int sim_frontswap_stats_get(struct sim_frontswap_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_SIM_SWAP_H */

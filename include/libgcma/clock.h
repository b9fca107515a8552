/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Virtual time and the cost model.
 *
 * Each machine has a virtual clock in nanoseconds, 0 at creation. It only
 * moves when the model charges an event (sim_cost() in the kernel shim:
 * "one page copied by migration", "one folio written back", ...), when a
 * thread waits in virtual time, or when the caller lets idle time pass with
 * sim_clock_advance(). Latency is therefore computed from the events a call
 * caused times their costs, never fixed per request size.
 *
 * Every charge is also added to the calling thread's account, so a caller
 * measures one call as the difference of two sim_cost_account_get()
 * snapshots (or resets the account before the call). See docs/cost-model.md
 * for each event, its default cost and why.
 */
#ifndef _LIBGCMA_CLOCK_H
#define _LIBGCMA_CLOCK_H

#include <libgcma/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

/**
 * enum sim_cost_event - events the model charges virtual time for.
 * @SIM_COST_PAGE_ALLOC: a page handed out by the page allocator.
 * @SIM_COST_PAGE_FREE: a page given back to the page allocator.
 * @SIM_COST_CC_DROP: a cached clean page dropped from cleancache because a
 *	range allocation wants its pfn.
 * @SIM_COST_CC_STORE: a page stored into cleancache.
 * @SIM_COST_CC_RESTORE: a page restored from cleancache.
 * @SIM_COST_PAGE_COPY: 4 KiB copied by migration.
 * @SIM_COST_PAGE_UNMAP: a mapped folio unmapped and remapped (rmap walk,
 *	PTE update, TLB flush).
 * @SIM_COST_MIGRATE: per-folio migration bookkeeping (LRU isolation,
 *	locking, mapping replace, putback).
 * @SIM_COST_RECLAIM: a clean unmapped page-cache folio dropped instead of
 *	migrated.
 * @SIM_COST_WRITEBACK: a dirty folio written to the disk.
 * @SIM_COST_DISK_READ: a folio read from the disk.
 * @SIM_COST_ISOLATE: one pageblock isolated, or restored after isolation.
 * @SIM_COST_DRAIN: lru_add_drain_all() plus drain_all_pages(), once per
 *	contiguous allocation attempt.
 * @SIM_COST_MIGRATE_PASS: one extra migrate_pages() pass over busy folios.
 * @SIM_COST_BUSY_RETRY: cma_alloc() moving on to the next position after a
 *	busy range.
 * @SIM_COST_RANGE_CALL: fixed entry cost of one GCMA or CMA range call
 *	(locks, bitmap search).
 * @SIM_COST_RANGE_PAGE: a free pfn claimed or released by a range call
 *	(bitmap and per-page state update).
 * @SIM_COST_SWAP_WRITE: a page written to a disk swap device.
 * @SIM_COST_SWAP_READ: a page read from a disk swap device.
 * @SIM_COST_ZRAM_WRITE: a page compressed into a zram-like swap device.
 * @SIM_COST_ZRAM_READ: a page decompressed from a zram-like swap device.
 * @SIM_COST_NR: number of events.
 */
enum sim_cost_event {
	SIM_COST_PAGE_ALLOC,
	SIM_COST_PAGE_FREE,
	SIM_COST_CC_DROP,
	SIM_COST_CC_STORE,
	SIM_COST_CC_RESTORE,
	SIM_COST_PAGE_COPY,
	SIM_COST_PAGE_UNMAP,
	SIM_COST_MIGRATE,
	SIM_COST_RECLAIM,
	SIM_COST_WRITEBACK,
	SIM_COST_DISK_READ,
	SIM_COST_ISOLATE,
	SIM_COST_DRAIN,
	SIM_COST_MIGRATE_PASS,
	SIM_COST_BUSY_RETRY,
	SIM_COST_RANGE_CALL,
	SIM_COST_RANGE_PAGE,
	SIM_COST_SWAP_WRITE,
	SIM_COST_SWAP_READ,
	SIM_COST_ZRAM_WRITE,
	SIM_COST_ZRAM_READ,
	SIM_COST_NR,
};

/* Largest cost one event may have: 1000 s, so n * cost rarely saturates. */
#define SIM_COST_NS_MAX		1000000000000ULL

/**
 * struct sim_cost_model - virtual nanoseconds charged per event.
 * @ns: cost of one occurrence of each event.
 */
struct sim_cost_model {
	uint64_t ns[SIM_COST_NR];
};

/**
 * struct sim_cost_account - what one thread was charged.
 * @count: occurrences of each event.
 * @ns: virtual time charged for events and waits together.
 * @wait_ns: the part of @ns spent waiting (sim_cost_wait()).
 */
struct sim_cost_account {
	uint64_t count[SIM_COST_NR];
	uint64_t ns;
	uint64_t wait_ns;
};

LIBGCMA_API uint64_t sim_clock_now(const struct sim_machine *m);
LIBGCMA_API int sim_clock_advance(struct sim_machine *m, uint64_t ns);

LIBGCMA_API void sim_cost_model_default(struct sim_cost_model *out);
LIBGCMA_API int sim_cost_model_get(const struct sim_machine *m,
				   struct sim_cost_model *out);
LIBGCMA_API int sim_cost_model_set(struct sim_machine *m,
				   const struct sim_cost_model *model);
LIBGCMA_API const char *sim_cost_event_name(enum sim_cost_event ev);
LIBGCMA_API int sim_cost_event_lookup(const char *name);

LIBGCMA_API void sim_cost_account_get(struct sim_cost_account *out);
LIBGCMA_API void sim_cost_account_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_CLOCK_H */

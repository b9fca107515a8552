/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * CMA's hurdles as causes: why a contiguous allocation waited or failed.
 *
 * The 2013 thread on CMA (Minchan Kim, Laura Abbott) lists what keeps a
 * movable page from moving: get_user_pages() pins, AIO ring buffers,
 * buffer-cache pages, pages made unmovable for a moment (on a per-CPU
 * list, being read), short free memory for migration targets, no swap.
 * alloc_contig_range() reports each wait and each failed attempt with the
 * folio that caused it (lib/kernel/port.h, contig_blame_wait() and
 * contig_blame_failure(), as Android's page_pinner reports the pages
 * that made a CMA allocation fail); the simulation classifies that folio
 * and keeps, per thread, the virtual time and the failed attempts of
 * each cause. A caller resets the account before a request and reads it
 * after, as with struct sim_cost_account.
 */
#ifndef _LIBGCMA_HURDLE_H
#define _LIBGCMA_HURDLE_H

#include <stdbool.h>
#include <stdint.h>

#include <libgcma/folio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;
struct inode;

/**
 * enum sim_cause - what held a contiguous allocation up.
 * @SIM_CAUSE_OTHER: nothing named below: a page in use that is not on an
 *	LRU and not pinned, an isolation that failed, a folio busy for a
 *	reason the simulation does not track.
 * @SIM_CAUSE_ODIRECT: a short O_DIRECT pin.
 * @SIM_CAUSE_VMSPLICE: a vmsplice pin.
 * @SIM_CAUSE_LONGTERM: a FOLL_LONGTERM GUP pin.
 * @SIM_CAUSE_AIO: an AIO ring buffer page.
 * @SIM_CAUSE_FRESH: a page temporarily unmovable (just allocated from a
 *	per-CPU list, being read).
 * @SIM_CAUSE_BUFFERHEAD: a buffer-cache page: its buffer heads must be
 *	written (when dirty) and dropped before it moves.
 * @SIM_CAUSE_WRITEBACK: a dirty page-cache folio written back before it
 *	could move.
 * @SIM_CAUSE_NOMEM: no free page for a migration target.
 * @SIM_CAUSE_NOSWAP: no migration target, with anonymous memory that
 *	reclaim could have swapped out had there been swap.
 * @SIM_CAUSE_NR: number of causes.
 */
enum sim_cause {
	SIM_CAUSE_OTHER,
	SIM_CAUSE_ODIRECT,
	SIM_CAUSE_VMSPLICE,
	SIM_CAUSE_LONGTERM,
	SIM_CAUSE_AIO,
	SIM_CAUSE_FRESH,
	SIM_CAUSE_BUFFERHEAD,
	SIM_CAUSE_WRITEBACK,
	SIM_CAUSE_NOMEM,
	SIM_CAUSE_NOSWAP,
	SIM_CAUSE_NR,
};

/**
 * struct sim_cause_account - what held one thread's contiguous
 * allocations up since its last sim_cause_account_reset().
 * @ns: virtual time charged on account of each cause: waits for a busy
 *	folio (migrate_pass), moving on after a failed attempt (busy_retry),
 *	writing back and dropping buffers; part of the thread's cost account.
 * @fails: alloc_contig_range() attempts that failed on each cause.
 */
struct sim_cause_account {
	uint64_t ns[SIM_CAUSE_NR];
	uint64_t fails[SIM_CAUSE_NR];
};

LIBGCMA_API const char *sim_cause_name(enum sim_cause cause);
LIBGCMA_API void sim_cause_account_get(struct sim_cause_account *out);
LIBGCMA_API void sim_cause_account_reset(void);
LIBGCMA_API int sim_cause_of_folio(const struct folio *folio);

LIBGCMA_API int sim_bh_attach(struct inode *inode, pgoff_t index, bool dirty);
LIBGCMA_API int sim_hurdle_set_noswap(struct sim_machine *m, bool on);
LIBGCMA_API bool sim_hurdle_noswap(const struct sim_machine *m);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_HURDLE_H */

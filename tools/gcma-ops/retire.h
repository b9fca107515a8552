/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Machines the executor is done with, destroyed a few at a time: each
 * sim_machine_destroy() waits in an rcu_barrier() for the library's
 * call_rcu worker (a wake-up, a grace period and a hand-off);
 * with the filesystems unmounted at the end of each input, the first
 * destroy of a batch waits for the callbacks of the whole batch and the
 * others find nothing queued.
 */
#ifndef _GCMA_OPS_RETIRE_H
#define _GCMA_OPS_RETIRE_H

struct sim_machine;

/*
 * Machines kept before they are destroyed together: up to 16, as long as
 * their pages add up to at most GOPS_RETIRE_PAGES (16 machines of 256
 * pages, 4 of 4096), so that their memmaps and page data fit the
 * library's cache of mappings (lib/platform/map_cache.c: 32 of them, 128 MiB)
 * for the next machines.
 */
#define GOPS_RETIRE_BATCH	16
#define GOPS_RETIRE_PAGES	16384UL

void gops_retire(struct sim_machine *m);
void gops_retire_flush(void);

#endif /* _GCMA_OPS_RETIRE_H */

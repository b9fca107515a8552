/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Machines the executor is done with, destroyed a few at a time: each
 * sim_machine_destroy() waits in an rcu_barrier() for the library's
 * call_rcu worker (a wake-up and a hand-off, ~10% of a 256-page input);
 * with the filesystems unmounted at the end of each input, the first
 * destroy of a batch waits for the callbacks of the whole batch and the
 * others find nothing queued.
 */
#ifndef _GCMA_OPS_RETIRE_H
#define _GCMA_OPS_RETIRE_H

struct sim_machine;

/*
 * Machines kept before they are destroyed together: at most 4, so that
 * their memmaps and page data (two mappings each) fit the library's
 * cache of 8 mappings (lib/sim/map_cache.c) for the next machines.
 */
#define GOPS_RETIRE_BATCH	4

void gops_retire(struct sim_machine *m);
void gops_retire_flush(void);

#endif /* _GCMA_OPS_RETIRE_H */

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

#include <stdbool.h>

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

/*
 * The machine of a run that passed is kept for the next run of the same
 * size, which resets it (sim_machine_reset(): a fresh machine in the same
 * memory) instead of creating one: no allocation, no mapping, and its
 * old state's RCU callbacks run by the executor's thread instead of a
 * hand-off to the call_rcu worker (docs/testing.md, "Fuzzing", "Speed").
 */
struct sim_machine_config;

int gops_machine_get(const struct sim_machine_config *cfg, bool fresh,
		     struct sim_machine **out);
void gops_machine_put(struct sim_machine *m, bool reusable);

#endif /* _GCMA_OPS_RETIRE_H */

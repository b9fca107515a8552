/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* TEMPORARY stub until the clock/cost-model branch merges. */
#ifndef _KSHIM_SIM_COST_H
#define _KSHIM_SIM_COST_H
enum sim_cost_event {
	SIM_COST_PAGE_ALLOC, SIM_COST_PAGE_FREE, SIM_COST_CC_DROP,
	SIM_COST_CC_STORE, SIM_COST_CC_RESTORE, SIM_COST_PAGE_COPY,
	SIM_COST_PAGE_UNMAP, SIM_COST_MIGRATE, SIM_COST_RECLAIM,
	SIM_COST_WRITEBACK, SIM_COST_DISK_READ, SIM_COST_ISOLATE,
	SIM_COST_DRAIN, SIM_COST_MIGRATE_PASS, SIM_COST_BUSY_RETRY,
	SIM_COST_RANGE_CALL, SIM_COST_NR
};
static inline void sim_cost(enum sim_cost_event ev, unsigned long n) { (void)ev; (void)n; }
#endif
